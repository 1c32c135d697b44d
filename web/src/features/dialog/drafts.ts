// Unsent text per lead, kept in this browser: it survives switching dialogs and reloads.
const key = (leadId: number) => `md.draft.${leadId}`;

export function loadDraft(leadId: number): string {
  return localStorage.getItem(key(leadId)) ?? '';
}

export function saveDraft(leadId: number, text: string): void {
  if (text) localStorage.setItem(key(leadId), text);
  else localStorage.removeItem(key(leadId));
}
