// Times in the operator's time zone: a clock time today, "yesterday", else a short date.
// Formatters are built once per language and kind: building one costs more than formatting.
const DAY = 86_400_000;
const cache = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>();

function format<T extends Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
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

function unit(lang: string, u: 'second' | 'minute' | 'hour', n: number, digits = 0): string {
  return format(
    `${lang}:${u}:${digits}`,
    () => new Intl.NumberFormat(lang, { style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: digits }),
  ).format(n);
}

/** A duration as a person reads it: "0.4 sec", "42 sec", "4 min 12 sec", "2 hr 5 min". */
export function humanDuration(ms: number, lang: string): string {
  const s = ms / 1000;
  if (s < 10) return unit(lang, 'second', Math.round(s * 10) / 10, 1);
  const total = Math.round(s);
  if (total < 60) return unit(lang, 'second', total);
  if (total < 3600) {
    const [m, r] = [Math.floor(total / 60), total % 60];
    return r ? `${unit(lang, 'minute', m)} ${unit(lang, 'second', r)}` : unit(lang, 'minute', m);
  }
  const [h, m] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60)];
  return m ? `${unit(lang, 'hour', h)} ${unit(lang, 'minute', m)}` : unit(lang, 'hour', h);
}

/** How long ago, as a person says it: "now", "5 minutes ago", "yesterday", "3 months ago". */
export function relativeTime(at: number, lang: string, now = Date.now()): string {
  const rtf = format(`${lang}:relative`, () => new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }));
  const s = Math.round((at - now) / 1000);
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ['second', 60],
    ['minute', 60],
    ['hour', 24],
    ['day', 30],
    ['month', 12],
  ];
  let n = s;
  for (const [u, size] of steps) {
    if (Math.abs(n) < size) return u === 'second' ? rtf.format(0, 'second') : rtf.format(n, u);
    n = Math.round(n / size);
  }
  return rtf.format(n, 'year');
}
