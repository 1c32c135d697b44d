// Ages on the monitor, calm enough to read all day: seconds only in the first minute, then minutes,
// then hours and minutes, then days and hours.
const formats = new Map<string, Intl.NumberFormat>();

function unit(lang: string, u: 'second' | 'minute' | 'hour' | 'day', n: number): string {
  const key = `${lang}:${u}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(lang, { style: 'unit', unit: u, unitDisplay: 'short' })));
  return f.format(n);
}

/** How long, as the monitor shows it: "42 sec", "12 min", "2 hr 5 min", "3 days 4 hr" (never negative). */
export function age(ms: number, lang: string): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return unit(lang, 'second', s);
  const m = Math.floor(s / 60);
  if (m < 60) return unit(lang, 'minute', m);
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${unit(lang, 'hour', h)} ${unit(lang, 'minute', m % 60)}` : unit(lang, 'hour', h);
  const d = Math.floor(h / 24);
  return h % 24 ? `${unit(lang, 'day', d)} ${unit(lang, 'hour', h % 24)}` : unit(lang, 'day', d);
}
