import { describe, expect, it } from 'vitest';
import { backoffMs, DEFAULT_BACKOFF, retryAt, type BackoffPolicy } from './backoff';

const full: BackoffPolicy = { baseMs: 1_000, capMs: 60_000, jitter: 'full' };
const decorrelated: BackoffPolicy = { ...full, jitter: 'decorrelated' };

describe('backoffMs with full jitter', () => {
  it('is anywhere between 0 and a step that doubles per failed attempt', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(full, n, 1))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(backoffMs(full, 3, 0)).toBe(0);
    expect(backoffMs(full, 3, 0.25)).toBe(1_000);
  });

  it('never exceeds the cap, even after absurdly many attempts', () => {
    expect(backoffMs(full, 7, 1)).toBe(60_000);
    expect(backoffMs(full, 1e9, 1)).toBe(60_000);
    expect(backoffMs(full, 1e9, 0.5)).toBe(30_000);
    expect(Number.isFinite(backoffMs(full, Number.MAX_SAFE_INTEGER, 1))).toBe(true);
  });

  it('treats attempt 0 or less as the first and clamps randomness to [0, 1]', () => {
    expect(backoffMs(full, 0, 1)).toBe(1_000);
    expect(backoffMs(full, -3, 1)).toBe(1_000);
    expect(backoffMs(full, 2, 7)).toBe(2_000);
    expect(backoffMs(full, 2, -1)).toBe(0);
  });

  it('is the same ladder for every queue by default: 2 s, 4 s … 10 minutes', () => {
    expect(backoffMs(DEFAULT_BACKOFF, 1, 1)).toBe(2_000);
    expect(backoffMs(DEFAULT_BACKOFF, 2, 1)).toBe(4_000);
    expect(backoffMs(DEFAULT_BACKOFF, 30, 1)).toBe(600_000);
  });
});

describe('backoffMs with decorrelated jitter', () => {
  it('lies between the base and three times the previous delay, capped', () => {
    expect(backoffMs(decorrelated, 1, 0)).toBe(1_000);
    expect(backoffMs(decorrelated, 1, 1)).toBe(3_000); // no previous delay: the base stands in
    expect(backoffMs(decorrelated, 5, 1, 4_000)).toBe(12_000);
    expect(backoffMs(decorrelated, 5, 0.5, 4_000)).toBe(6_500);
    expect(backoffMs(decorrelated, 5, 1, 50_000)).toBe(60_000);
  });
});

describe('retryAt', () => {
  it('adds the back-off to now', () => {
    expect(retryAt({ policy: full, failedAttempts: 2, now: 10_000, random: 1 })).toBe(12_000);
  });

  it('honours a retry-after instead of the back-off, even beyond the cap', () => {
    expect(retryAt({ policy: full, failedAttempts: 2, now: 10_000, random: 1, retryAfterMs: 120_000 })).toBe(130_000);
    expect(retryAt({ policy: full, failedAttempts: 9, now: 10_000, random: 1, retryAfterMs: 0 })).toBe(10_000);
    expect(retryAt({ policy: full, failedAttempts: 1, now: 10_000, random: 1, retryAfterMs: -5 })).toBe(10_000);
    expect(retryAt({ policy: full, failedAttempts: 1, now: 10_000, random: 1, retryAfterMs: Number.NaN })).toBe(11_000);
  });
});
