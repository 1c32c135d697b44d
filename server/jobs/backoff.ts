// When to try a failed job again. Pure: the caller supplies the attempt number and the randomness.

export interface BackoffPolicy {
  /** The first retry's step; each further failure doubles it. */
  baseMs: number;
  /** No delay is ever longer than this, however many attempts failed. */
  capMs: number;
  /**
   * 'full': anywhere between 0 and the step (AWS's "full jitter"); 'decorrelated': between the base
   * and three times the previous delay, so retries spread out without a fixed ladder.
   */
  jitter: 'full' | 'decorrelated';
}

/** What every queue uses unless it has a reason not to: 2 s, 4 s, 8 s … up to 10 minutes, full jitter. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 10 * 60_000, jitter: 'full' };

/**
 * The delay before the next try after the n-th failed attempt (n >= 1), never above the cap.
 * `random` is in [0, 1); `previousMs` (decorrelated jitter only) is the delay used last time.
 */
export function backoffMs(policy: BackoffPolicy, failedAttempts: number, random: number, previousMs?: number): number {
  const r = Math.min(Math.max(random, 0), 1);
  if (policy.jitter === 'decorrelated') {
    const previous = Math.max(previousMs ?? policy.baseMs, policy.baseMs);
    return Math.round(Math.min(policy.capMs, policy.baseMs + r * (previous * 3 - policy.baseMs)));
  }
  // The exponent is bounded so 2 ** n stays finite for any attempt count.
  const exponent = Math.min(Math.max(failedAttempts, 1) - 1, 40);
  return Math.round(r * Math.min(policy.capMs, policy.baseMs * 2 ** exponent));
}

/**
 * When the failed attempt is retried: at `now + retryAfterMs` when the other side said when (an HTTP
 * 429's Retry-After, Telegram's retry_after), otherwise after the back-off.
 */
export function retryAt(o: { policy: BackoffPolicy; failedAttempts: number; now: number; random: number; retryAfterMs?: number | undefined }): number {
  if (o.retryAfterMs !== undefined && Number.isFinite(o.retryAfterMs)) return o.now + Math.max(0, Math.round(o.retryAfterMs));
  return o.now + backoffMs(o.policy, o.failedAttempts, o.random);
}
