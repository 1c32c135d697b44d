import { describe, expect, it } from 'vitest';
import { age } from './age';

describe('ages on the monitor', () => {
  it('shows seconds in the first minute, then whole minutes, hours and days', () => {
    expect(age(42_900, 'en')).toBe('42 sec');
    expect(age(-5_000, 'en')).toBe('0 sec');
    expect(age(12 * 60_000 + 59_000, 'en')).toBe('12 min');
    expect(age(2 * 3_600_000 + 5 * 60_000, 'en')).toBe('2 hr 5 min');
    expect(age(3 * 3_600_000, 'en')).toBe('3 hr');
    expect(age(3 * 86_400_000 + 4 * 3_600_000, 'en')).toBe('3 days 4 hr');
    expect(age(12 * 60_000, 'ru')).toBe('12 мин');
  });
});
