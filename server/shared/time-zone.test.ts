import { describe, expect, it } from 'vitest';
import { addDays, instantAt, localDate, nextDay, startOfDay, wallClock, weekdayOf, zoneOffset } from './time-zone';

describe('wall clock in a time zone', () => {
  it('finds where a day begins, also across a change of summer time', () => {
    expect(startOfDay('2026-11-02', 'Europe/Moscow')).toBe(Date.UTC(2026, 10, 1, 21));
    expect(startOfDay('2026-11-02', 'UTC')).toBe(Date.UTC(2026, 10, 2));
    // Berlin: summer time ends on 25 October 2026 (03:00 → 02:00), so that day has 25 hours.
    const day = startOfDay('2026-10-25', 'Europe/Berlin');
    expect(day).toBe(Date.UTC(2026, 9, 24, 22));
    expect(startOfDay(nextDay('2026-10-25'), 'Europe/Berlin') - day).toBe(25 * 3_600_000);
    // New York: summer time starts on 8 March 2026: a day of 23 hours.
    expect(startOfDay('2026-03-09', 'America/New_York') - startOfDay('2026-03-08', 'America/New_York')).toBe(23 * 3_600_000);
  });

  it('tells the hour, the weekday and the offset', () => {
    const monday10 = Date.UTC(2026, 10, 2, 7, 30);
    expect(wallClock(monday10, 'Europe/Moscow')).toMatchObject({ hour: 10, minute: 30, weekday: 0 });
    expect(wallClock(monday10, 'America/New_York')).toMatchObject({ hour: 2, weekday: 0 });
    expect(zoneOffset(monday10, 'Asia/Kathmandu')).toBe((5 * 60 + 45) * 60_000);
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });

  it('finds the instant of a wall-clock time, also in skipped and repeated hours', () => {
    expect(instantAt('2026-12-07', 9 * 60, 'Europe/Moscow')).toBe(Date.UTC(2026, 11, 7, 6));
    expect(instantAt('2026-12-07', 1440, 'UTC')).toBe(Date.UTC(2026, 11, 8));
    // New York, 8 March 2026: 02:30 does not exist; it is the jump at 07:00 UTC.
    expect(instantAt('2026-03-08', 150, 'America/New_York')).toBe(Date.UTC(2026, 2, 8, 7));
    // Berlin, 25 October 2026: 02:30 happens twice; the first is 00:30 UTC.
    expect(instantAt('2026-10-25', 150, 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 25, 0, 30));
    expect(localDate(Date.UTC(2026, 11, 6, 22), 'Europe/Moscow')).toBe('2026-12-07');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(weekdayOf('2026-12-07')).toBe(0);
  });
});
