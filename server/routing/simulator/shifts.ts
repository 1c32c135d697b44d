import type { SimShift } from '../../../contracts/simulation';

const MINUTES = 24 * 60;

/** An operator's day: Online at local midnight or not, and the minutes of the day when that flips. */
export interface DailyShifts {
  onAtMidnight: boolean;
  /** Minutes after local midnight when they come Online (`on`) or go Offline, in order. */
  changes: { minute: number; on: boolean }[];
}

/**
 * Merges an operator's shifts into one daily pattern: overlapping or touching shifts are one stretch
 * Online (no Offline moment in between, so nothing is requeued), a shift past midnight wraps, and no
 * shifts at all means always Online.
 */
export function dailyShifts(shifts: readonly SimShift[]): DailyShifts {
  if (shifts.length === 0) return { onAtMidnight: true, changes: [] };
  const on = new Uint8Array(MINUTES);
  for (const s of shifts) {
    const from = minuteOf(s.from);
    const to = minuteOf(s.to);
    for (let m = from; m !== to; m = (m + 1) % MINUTES) on[m] = 1;
  }
  const changes: DailyShifts['changes'] = [];
  for (let m = 0; m < MINUTES; m++) {
    const before = on[(m + MINUTES - 1) % MINUTES];
    if (on[m] !== before) changes.push({ minute: m, on: on[m] === 1 });
  }
  return { onAtMidnight: on[0] === 1, changes };
}

const minuteOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
