// Working hours as pure arithmetic over instants: is a business (or department) open at an instant,
// and when does that next change. No hours at all (null) means always open.
//
// A day's spans belong to the date they start on; one running overnight (22:00–06:00) ends on the
// next date. A holiday replaces its date entirely: the date's own spans are the holiday's (none:
// closed), and a span of the day before reaching into it is cut at its midnight.
import { minutesOf, WEEKDAYS, type Holiday, type Span, type WeekHours } from '../../contracts/working-hours';
import { addDays, instantAt, localDate, weekdayOf } from './time-zone';

type Interval = [number, number];

/** The open intervals that start on `date` (instants, half-open), holidays applied. */
function intervalsOf(week: WeekHours, holidays: ReadonlyMap<string, Holiday>, timeZone: string, date: string): Interval[] {
  const spans: readonly Span[] = holidays.get(date)?.spans ?? week[WEEKDAYS[weekdayOf(date)]!];
  const next = addDays(date, 1);
  const out: Interval[] = [];
  for (const s of spans) {
    const from = minutesOf(s.from);
    const to = minutesOf(s.to);
    const start = instantAt(date, from, timeZone);
    let end = to > from ? instantAt(date, to, timeZone) : instantAt(next, to, timeZone);
    // An overnight span stops at the midnight of a holiday that follows.
    if (to <= from && holidays.has(next)) end = Math.min(end, instantAt(next, 0, timeZone));
    if (end > start) out.push([start, end]);
  }
  return out;
}

/** The merged open intervals of the dates from `from` for `days` days (and the day before, for its overnight spans). */
function openIntervals(week: WeekHours, holidays: readonly Holiday[], timeZone: string, from: string, days: number): Interval[] {
  const byDate = new Map(holidays.map((h) => [h.date, h]));
  const all: Interval[] = [];
  for (let i = -1; i < days; i++) all.push(...intervalsOf(week, byDate, timeZone, addDays(from, i)));
  all.sort((a, b) => a[0] - b[0]);
  const merged: Interval[] = [];
  for (const iv of all) {
    const last = merged.at(-1);
    if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
    else merged.push([iv[0], iv[1]]);
  }
  return merged;
}

/** Whether the hours are open at an instant (null hours: always open). */
export function isOpen(week: WeekHours | null, holidays: readonly Holiday[], timeZone: string, at: number): boolean {
  if (week === null) return true;
  return openIntervals(week, holidays, timeZone, localDate(at, timeZone), 1).some(([s, e]) => s <= at && at < e);
}

/** How far ahead `nextChange` looks (a year and a little: every holiday is within it). */
const HORIZON_DAYS = 370;

/**
 * The first instant after `at` at which `isOpen` changes (opens if closed now, closes if open now);
 * null when it never changes within a year (no hours, never open, or open round the clock).
 */
export function nextChange(week: WeekHours | null, holidays: readonly Holiday[], timeZone: string, at: number): number | null {
  if (week === null) return null;
  const today = localDate(at, timeZone);
  // Most answers lie within the week; look a year ahead only when they do not.
  for (const days of [9, HORIZON_DAYS]) {
    // Intervals ending before the last day looked at are final (nothing later can join them).
    const horizon = instantAt(addDays(today, days - 1), 0, timeZone);
    const found = firstChange(openIntervals(week, holidays, timeZone, today, days), at, horizon);
    if (found !== undefined) return found;
  }
  return null;
}

/** The change after `at` among the intervals, or undefined when it lies beyond what they cover. */
function firstChange(intervals: readonly Interval[], at: number, horizon: number): number | undefined {
  for (const [s, e] of intervals) {
    if (s <= at && at < e) return e < horizon ? e : undefined;
    if (s > at) return s;
  }
  return undefined;
}

/** The hours in force for a department: its own, else the business's; null: always open. */
export function hoursFor<H>(business: H | null, department: H | null): H | null {
  return department ?? business;
}
