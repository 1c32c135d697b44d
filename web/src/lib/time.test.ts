import { describe, expect, it } from 'vitest';
import { shortTime } from './time';

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
