import { describe, expect, it } from 'vitest';
import { nextDay, startOfDay, wallClock, zoneOffset } from './time-zone';

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
});
