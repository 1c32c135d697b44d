// A number of seconds typed into a target field: empty means "none" (or "as the business").
export const TARGET = { min: 5, max: 604_800 } as const;
export const ABANDON = { min: 30, max: 86_400 } as const;

/** The value to send for the text, or 'bad' when it is not a whole number within the bounds. */
export function parseSeconds(text: string, bounds: { min: number; max: number }): number | null | 'bad' {
  const s = text.trim();
  if (s === '') return null;
  if (!/^\d+$/.test(s)) return 'bad';
  const n = Number(s);
  return n < bounds.min || n > bounds.max ? 'bad' : n;
}

export const shown = (n: number | null) => (n === null ? '' : String(n));
