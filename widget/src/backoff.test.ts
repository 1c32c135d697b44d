import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles from 1 s up to 30 s (without jitter: random 0.5)', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map((n) => backoffDelay(n, mid))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
  });

  it('jitters by ±20 % and never passes 30 s', () => {
    expect(backoffDelay(0, () => 0)).toBe(800);
    expect(backoffDelay(0, () => 0.999999)).toBe(1200);
    expect(backoffDelay(3, () => 0)).toBe(6400);
    expect(backoffDelay(10, () => 0.999999)).toBe(30000);
    expect(backoffDelay(10, () => 0)).toBe(24000);
  });

  it('spreads the delays of many clients', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(2)));
    expect(delays.size).toBeGreaterThan(10);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(3200);
      expect(d).toBeLessThanOrEqual(4800);
    }
  });

  it('treats odd attempts sanely', () => {
    expect(backoffDelay(-1, () => 0.5)).toBe(1000);
    expect(backoffDelay(1e9, () => 0.5)).toBe(30000);
  });
});
