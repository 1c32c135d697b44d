/**
 * Fills {{attribute}} macros from the lead's attributes; {{name}} is the lead's name unless an
 * attribute of that name exists. Unknown macros become empty, so a lead never sees raw braces.
 */
export function renderText(text: string, lead: { name: string; attrs: Record<string, string> }): string {
  return text.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_m, key: string) => {
    if (key in lead.attrs) return lead.attrs[key] ?? '';
    if (key === 'name') return lead.name;
    return '';
  });
}
