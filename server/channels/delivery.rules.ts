// When to retry an outgoing delivery and when to give up. Pure: the worker supplies time and randomness.

export const FIRST_RETRY_MS = 2_000;
export const MAX_RETRY_MS = 10 * 60_000;
export const GIVE_UP_AFTER_MS = 3 * 86_400_000;

/**
 * Back-off after the n-th failed attempt (n >= 1): 2 s, 4 s, 8 s … capped at 10 minutes, with
 * "equal jitter" (between half and all of it) so rows that failed together do not retry in lockstep.
 */
export function retryDelayMs(failedAttempts: number, random: number): number {
  const exponent = Math.min(Math.max(failedAttempts, 1) - 1, 30);
  const base = Math.min(FIRST_RETRY_MS * 2 ** exponent, MAX_RETRY_MS);
  return Math.round(base / 2 + (base / 2) * random);
}

/**
 * What a failed attempt leads to: another try after the back-off, or 'dead' once the delivery has
 * been failing for 3 days since its first failure.
 */
export function afterFailure(o: { failedAttempts: number; armedAt: number; now: number; random: number }): { status: 'pending' | 'dead'; nextAttemptAt: number } {
  if (o.now - o.armedAt >= GIVE_UP_AFTER_MS) return { status: 'dead', nextAttemptAt: o.now };
  return { status: 'pending', nextAttemptAt: o.now + retryDelayMs(o.failedAttempts, o.random) };
}

/**
 * The message's delivery state after an attempt, or null when it does not change (so no event is
 * sent for every retry): failed after the first failure, sent once acknowledged.
 */
export function messageDeliveryAfter(current: 'none' | 'pending' | 'sent' | 'failed', ok: boolean): 'sent' | 'failed' | null {
  const next = ok ? 'sent' : 'failed';
  return current === next ? null : next;
}
