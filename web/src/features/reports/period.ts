// Report periods as days: presets counted back from today, and a check that a period makes sense.

/** YYYY-MM-DD of a local date. */
export function isoDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export type Preset = 'today' | 'yesterday' | 'week' | 'month';
export const PRESETS: readonly Preset[] = ['today', 'yesterday', 'week', 'month'];

/** The days a preset covers, ending today (or yesterday). */
export function presetPeriod(p: Preset, today: Date): { from: string; to: string } {
  const back = (days: number) => new Date(today.getFullYear(), today.getMonth(), today.getDate() - days);
  switch (p) {
    case 'today':
      return { from: isoDay(today), to: isoDay(today) };
    case 'yesterday':
      return { from: isoDay(back(1)), to: isoDay(back(1)) };
    case 'week':
      return { from: isoDay(back(6)), to: isoDay(today) };
    case 'month':
      return { from: isoDay(back(29)), to: isoDay(today) };
  }
}

/** What is wrong with a period, as an i18n key; null when it can be asked for. */
export function periodProblem(from: string, to: string): 'reports.needDates' | 'reports.badPeriod' | 'reports.tooLong' | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return 'reports.needDates';
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (days < 0) return 'reports.badPeriod';
  if (days > 366) return 'reports.tooLong';
  return null;
}
