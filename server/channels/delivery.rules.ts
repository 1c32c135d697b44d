// When to retry an outgoing delivery and when to give up. Pure: the worker supplies time and randomness.
import type { UndeliveredStatus } from '../../contracts/channels';
import type { MessageDelivery } from '../../contracts/inbox';
import { backoffMs, DEFAULT_BACKOFF, retryAt } from '../jobs/index';

export const FIRST_RETRY_MS = DEFAULT_BACKOFF.baseMs;
export const MAX_RETRY_MS = DEFAULT_BACKOFF.capMs;
export const GIVE_UP_AFTER_MS = 3 * 86_400_000;

/**
 * Back-off after the n-th failed attempt (n >= 1): up to 2 s, 4 s, 8 s … capped at 10 minutes,
 * with full jitter (server/jobs/backoff.ts, the one formula of every queue) so rows that failed
 * together do not retry in lockstep.
 */
export function retryDelayMs(failedAttempts: number, random: number): number {
  return backoffMs(DEFAULT_BACKOFF, failedAttempts, random);
}

/**
 * What a failed attempt leads to: another try after the back-off (or after the receiver's
 * retry-after, when it gave one), or 'dead' once the delivery has been failing for 3 days since
 * its first failure.
 */
export function afterFailure(o: { failedAttempts: number; armedAt: number; now: number; random: number; retryAfterMs?: number | undefined }): {
  status: UndeliveredStatus;
  nextAttemptAt: number;
} {
  if (o.now - o.armedAt >= GIVE_UP_AFTER_MS) return { status: 'dead', nextAttemptAt: o.now };
  return {
    status: 'pending',
    nextAttemptAt: retryAt({ policy: DEFAULT_BACKOFF, failedAttempts: o.failedAttempts, now: o.now, random: o.random, retryAfterMs: o.retryAfterMs }),
  };
}

/**
 * The message's delivery state after an attempt, or null when it does not change (so no event is
 * sent for every retry): failed after the first failure, sent once acknowledged.
 */
export function messageDeliveryAfter(current: MessageDelivery, ok: boolean): Extract<MessageDelivery, 'sent' | 'failed'> | null {
  const next = ok ? 'sent' : 'failed';
  return current === next ? null : next;
}
