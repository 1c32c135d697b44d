// Times in the operator's time zone: a clock time today, "yesterday", else a short date.
const DAY = 86_400_000;

export function shortTime(at: number, lang: string, now = Date.now()): string {
  const d = new Date(at);
  const today = new Date(now);
  today.setHours(0, 0, 0, 0);
  if (at >= today.getTime()) return d.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
  if (at >= today.getTime() - DAY) return new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }).format(-1, 'day');
  return d.toLocaleDateString(lang, { day: 'numeric', month: 'short', year: d.getFullYear() === today.getFullYear() ? undefined : 'numeric' });
}

export function fullTime(at: number, lang: string): string {
  return new Date(at).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
}
