// Dates and times of messages, in the visitor's time zone and the widget's language: a time on each
// message and a date line once per day ("Today", "Yesterday", "12 March", "12 March 2024").

const DAY_MS = 86_400_000;
const formats = new Map<string, Intl.DateTimeFormat>();

function format(lang: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = lang + JSON.stringify(options);
  let f = formats.get(id);
  if (!f) formats.set(id, (f = new Intl.DateTimeFormat(lang, options)));
  return f;
}

/** The local calendar day of a moment, as a key that is equal for two moments of the same day. */
export function dayKey(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/** Whole calendar days from `ms`'s day to `now`'s day (0: the same day, 1: the day before); DST-safe. */
export function daysAgo(ms: number, now: number): number {
  const start = (t: number) => {
    const d = new Date(t);
    return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  };
  return Math.round((start(now) - start(ms)) / DAY_MS);
}

/** For messages in order, whether each one starts a new day (the first always does). */
export function dayStarts(times: readonly number[]): boolean[] {
  let prev = '';
  return times.map((t) => {
    const key = dayKey(t);
    const starts = key !== prev;
    prev = key;
    return starts;
  });
}

/** The date line above a day's first message: Today / Yesterday, else the date (with the year when not this year's). */
export function formatDay(ms: number, now: number, lang: string): string {
  const ago = daysAgo(ms, now);
  if (ago === 0 || ago === 1) {
    const word = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }).format(-ago, 'day');
    return word.charAt(0).toLocaleUpperCase(lang) + word.slice(1);
  }
  const sameYear = new Date(ms).getFullYear() === new Date(now).getFullYear();
  return format(lang, sameYear ? { day: 'numeric', month: 'long' } : { day: 'numeric', month: 'long', year: 'numeric' }).format(ms);
}

/** A message's time of day (hours and minutes, as the language writes them). */
export function formatTime(ms: number, lang: string): string {
  return format(lang, { hour: 'numeric', minute: '2-digit' }).format(ms);
}
