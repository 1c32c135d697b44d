import { describe, expect, it } from 'vitest';
import { humanDuration, relativeTime, shortTime } from './time';

describe('times in the panel', () => {
  const now = new Date(2026, 11, 1, 15, 30).getTime();
  it('shows a clock time today, "yesterday" in the operator\'s language, else a date', () => {
    expect(shortTime(new Date(2026, 11, 1, 9, 5).getTime(), 'ru', now)).toBe('09:05');
    expect(shortTime(new Date(2026, 10, 30, 23, 0).getTime(), 'ru', now)).toBe('вчера');
    expect(shortTime(new Date(2026, 10, 30, 23, 0).getTime(), 'en', now)).toBe('yesterday');
    expect(shortTime(new Date(2026, 10, 2).getTime(), 'en', now)).toBe('Nov 2');
    expect(shortTime(new Date(2025, 10, 2).getTime(), 'en', now)).toBe('Nov 2, 2025');
  });
});

describe('durations', () => {
  it('reads as a person says it, in either language', () => {
    expect([400, 42_000, 59_600, 252_000, 7_500_000].map((ms) => humanDuration(ms, 'en'))).toEqual([
      '0.4 sec',
      '42 sec',
      '1 min',
      '4 min 12 sec',
      '2 hr 5 min',
    ]);
    expect(humanDuration(252_000, 'ru')).toBe('4 мин 12 с');
  });
});

describe('how long ago', () => {
  const now = Date.UTC(2026, 11, 1, 12);
  it('says the largest whole unit, in either language', () => {
    const ago = (ms: number, lang = 'en') => relativeTime(now - ms, lang, now);
    expect([20_000, 5 * 60_000, 3 * 3_600_000, 86_400_000, 40 * 86_400_000, 400 * 86_400_000].map((ms) => ago(ms))).toEqual([
      'now',
      '5 minutes ago',
      '3 hours ago',
      'yesterday',
      'last month',
      'last year',
    ]);
    expect(ago(5 * 60_000, 'ru')).toBe('5 минут назад');
  });
});
