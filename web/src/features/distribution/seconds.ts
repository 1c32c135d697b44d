// Seconds typed into a field: whole numbers within the server's bounds (contracts: reassignAfterSec).
export const REASSIGN = { min: 30, max: 86_400 } as const;

/** Why `text` is not a whole number of seconds from min to max, or null when it is. */
export function secondsError(text: string, min: number, max: number): 'not_number' | 'range' | null {
  if (!/^\d+$/.test(text.trim())) return 'not_number';
  const n = Number(text);
  return n < min || n > max ? 'range' : null;
}
