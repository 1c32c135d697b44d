// Times in the operator's time zone: a clock time today, "yesterday", else a short date.
// Formatters are built once per language and kind: building one costs more than formatting.
const DAY = 86_400_000;
const cache = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

function format<T extends Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

export function shortTime(at: number, lang: string, now = Date.now()): string {
  const d = new Date(at);
  const today = new Date(now);
  today.setHours(0, 0, 0, 0);
  if (at >= today.getTime()) return format(`${lang}:time`, () => new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' })).format(d);
  if (at >= today.getTime() - DAY) return format(`${lang}:rel`, () => new Intl.RelativeTimeFormat(lang, { numeric: 'auto' })).format(-1, 'day');
  const thisYear = d.getFullYear() === today.getFullYear();
  return format(
    `${lang}:date:${thisYear}`,
    () => new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', year: thisYear ? undefined : 'numeric' }),
  ).format(d);
}

export function fullTime(at: number, lang: string): string {
  return format(`${lang}:full`, () => new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' })).format(at);
}
