import { describe, expect, it } from 'vitest';
import { arrivalsPerHour } from './day-profile';

describe("the simulator's working day", () => {
  it('spreads the day over 24 hours, most in the afternoon, few at night', () => {
    const h = arrivalsPerHour(1000);
    expect(h).toHaveLength(24);
    expect(h.reduce((a, b) => a + b, 0)).toBeCloseTo(1000, 6);
    expect(Math.max(...h)).toBe(h[14]);
    expect(h[3]! * 10).toBeLessThan(h[15]!);
  });
});
