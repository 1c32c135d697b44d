import { describe, expect, it } from 'vitest';
import { afterFailure, GIVE_UP_AFTER_MS, MAX_RETRY_MS, messageDeliveryAfter, retryDelayMs } from './delivery.rules';

describe('retryDelayMs', () => {
  it('doubles from 2 s with full jitter (anywhere up to the step)', () => {
    expect(retryDelayMs(1, 0)).toBe(0);
    expect(retryDelayMs(1, 1)).toBe(2_000);
    expect(retryDelayMs(2, 1)).toBe(4_000);
    expect(retryDelayMs(3, 0.5)).toBe(4_000);
  });

  it('is capped at 10 minutes however many attempts failed', () => {
    expect(retryDelayMs(10, 1)).toBe(MAX_RETRY_MS);
    expect(retryDelayMs(10_000, 1)).toBe(MAX_RETRY_MS);
    expect(retryDelayMs(10_000, 0.5)).toBe(MAX_RETRY_MS / 2);
  });
});

describe('afterFailure', () => {
  it('retries after the back-off within the 3-day window', () => {
    expect(afterFailure({ failedAttempts: 1, armedAt: 0, now: 5_000, random: 1 })).toEqual({ status: 'pending', nextAttemptAt: 7_000 });
    expect(afterFailure({ failedAttempts: 400, armedAt: 0, now: GIVE_UP_AFTER_MS - 1, random: 1 }).status).toBe('pending');
  });

  it('retries when the receiver said, instead of after the back-off', () => {
    expect(afterFailure({ failedAttempts: 1, armedAt: 0, now: 5_000, random: 1, retryAfterMs: 30_000 })).toEqual({ status: 'pending', nextAttemptAt: 35_000 });
    expect(afterFailure({ failedAttempts: 9, armedAt: 0, now: 5_000, random: 1, retryAfterMs: 0 })).toEqual({ status: 'pending', nextAttemptAt: 5_000 });
  });

  it('gives up once the delivery has failed for 3 days', () => {
    expect(afterFailure({ failedAttempts: 400, armedAt: 0, now: GIVE_UP_AFTER_MS, random: 1 }).status).toBe('dead');
    expect(afterFailure({ failedAttempts: 1, armedAt: 0, now: GIVE_UP_AFTER_MS, random: 1, retryAfterMs: 1_000 }).status).toBe('dead');
  });
});

describe('messageDeliveryAfter', () => {
  it('turns failed on the first failure, sent on success, and stays quiet otherwise', () => {
    expect(messageDeliveryAfter('pending', false)).toBe('failed');
    expect(messageDeliveryAfter('failed', false)).toBeNull();
    expect(messageDeliveryAfter('failed', true)).toBe('sent');
    expect(messageDeliveryAfter('pending', true)).toBe('sent');
    expect(messageDeliveryAfter('sent', true)).toBeNull();
  });
});
