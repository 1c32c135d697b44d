import { afterEach, describe, expect, it, vi } from 'vitest';
import { dayKey, daysAgo, dayStarts, formatDay, formatTime } from './time';

const at = (y: number, m: number, d: number, h = 12, min = 0) => new Date(y, m - 1, d, h, min).getTime();

describe('day grouping', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('starts a new day at the first message of each local calendar day', () => {
    const times = [at(2025, 3, 1, 9), at(2025, 3, 1, 23, 59), at(2025, 3, 2, 0, 1), at(2025, 3, 2, 8), at(2025, 3, 5, 8)];
    expect(dayStarts(times)).toEqual([true, false, true, false, true]);
    expect(dayStarts([])).toEqual([]);
  });

  it('keys equal for the same day only', () => {
    expect(dayKey(at(2025, 1, 31, 0, 0))).toBe(dayKey(at(2025, 1, 31, 23, 59)));
    expect(dayKey(at(2025, 1, 31))).not.toBe(dayKey(at(2025, 2, 1)));
  });

  it('counts calendar days, across a daylight saving change', () => {
    vi.stubEnv('TZ', 'Europe/Berlin');
    expect(at(2025, 3, 30, 3) - at(2025, 3, 30, 1)).toBe(3_600_000);
    // 30 March 2025: clocks go forward in Berlin, that day has 23 hours.
    expect(daysAgo(at(2025, 3, 29, 23, 30), at(2025, 3, 30, 0, 30))).toBe(1);
    expect(daysAgo(at(2025, 3, 30, 0, 30), at(2025, 3, 30, 23, 30))).toBe(0);
    expect(daysAgo(at(2025, 3, 28, 12), at(2025, 3, 31, 12))).toBe(3);
    vi.stubEnv('TZ', 'America/New_York');
    expect(daysAgo(at(2025, 11, 1, 23), at(2025, 11, 3, 1))).toBe(2);
  });

  it('writes Today and Yesterday in the widget’s language, capitalised', () => {
    const now = at(2025, 6, 15, 18);
    expect(formatDay(at(2025, 6, 15, 1), now, 'en')).toBe('Today');
    expect(formatDay(at(2025, 6, 14, 23), now, 'en')).toBe('Yesterday');
    expect(formatDay(at(2025, 6, 15, 1), now, 'ru')).toBe('Сегодня');
    expect(formatDay(at(2025, 6, 14, 23), now, 'ru')).toBe('Вчера');
  });

  it('writes older days as a date, with the year only when it is not this year’s', () => {
    const now = at(2025, 6, 15, 18);
    expect(formatDay(at(2025, 3, 12), now, 'en')).toBe('March 12');
    expect(formatDay(at(2025, 3, 12), now, 'ru')).toBe('12 марта');
    expect(formatDay(at(2024, 12, 31), now, 'en')).toBe('December 31, 2024');
    expect(formatDay(at(2024, 12, 31), now, 'ru')).toMatch(/^31 декабря 2024/);
  });

  it('writes the time of day as each language does', () => {
    expect(formatTime(at(2025, 6, 15, 9, 5), 'ru')).toBe('9:05');
    expect(formatTime(at(2025, 6, 15, 21, 5), 'ru')).toBe('21:05');
    expect(formatTime(at(2025, 6, 15, 21, 5), 'en').replace(/\s/g, ' ')).toBe('9:05 PM');
  });
});
