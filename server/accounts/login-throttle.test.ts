import { describe, expect, it } from 'vitest';
import { afterFailure, isLockedOut, LOGIN_THROTTLE, minutesUntilUnlocked, type AttemptState } from './login-throttle';

const MIN = 60_000;

function fail(times: number, start: AttemptState | null, at: (i: number) => number): AttemptState | null {
  let s = start;
  for (let i = 0; i < times; i++) s = afterFailure(s, at(i));
  return s;
}

describe('login throttle', () => {
  it('locks on the fifth failure within the window, for 15 minutes after it', () => {
    const s = fail(4, null, (i) => i * MIN);
    expect(s).toEqual({ failures: 4, windowStartedAt: 0, lockedUntil: 0 });
    expect(isLockedOut(s, 4 * MIN)).toBe(false);
    const locked = afterFailure(s, 10 * MIN);
    expect(locked).toEqual({ failures: 5, windowStartedAt: 0, lockedUntil: 10 * MIN + LOGIN_THROTTLE.lockMs });
    expect(isLockedOut(locked, 24 * MIN)).toBe(true);
    expect(minutesUntilUnlocked(locked, 24 * MIN)).toBe(1);
    expect(isLockedOut(locked, 25 * MIN)).toBe(false);
  });

  it('starts a new window when the old one is over, so slow failures never lock', () => {
    const s = fail(4, null, (i) => i * MIN);
    const later = afterFailure(s, 15 * MIN);
    expect(later).toEqual({ failures: 1, windowStartedAt: 15 * MIN, lockedUntil: 0 });
    expect(fail(20, null, (i) => i * 4 * MIN)?.lockedUntil).toBe(0);
  });

  it('counts a failure after an expired lock as the first of a new window', () => {
    const locked = fail(5, null, (i) => i * 1000);
    const after = afterFailure(locked, 4000 + LOGIN_THROTTLE.lockMs);
    expect(after.failures).toBe(1);
    expect(isLockedOut(after, 4000 + LOGIN_THROTTLE.lockMs)).toBe(false);
  });

  it('is not locked without state', () => {
    expect(isLockedOut(null, 0)).toBe(false);
  });
});
