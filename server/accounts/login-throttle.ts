// Per-e-mail login throttling rules. Pure: the state lives in login_attempts, time comes from the caller.

export const LOGIN_THROTTLE = {
  /** Failures allowed within one window before the e-mail is locked. */
  maxFailures: 5,
  windowMs: 15 * 60_000,
  /** How long after the failure that triggered the lock attempts are refused. */
  lockMs: 15 * 60_000,
} as const;

export interface AttemptState {
  failures: number;
  windowStartedAt: number;
  /** Attempts are refused until this time (0: not locked). */
  lockedUntil: number;
}

/** True while attempts for the e-mail must be refused, even with the right password. */
export function isLockedOut(state: AttemptState | null, now: number): boolean {
  return state !== null && state.lockedUntil > now;
}

/** The state after one more failed attempt: a stale window starts over, the fifth failure locks. */
export function afterFailure(state: AttemptState | null, now: number): AttemptState {
  const fresh = !state || now - state.windowStartedAt >= LOGIN_THROTTLE.windowMs;
  const failures = fresh ? 1 : state.failures + 1;
  return {
    failures,
    windowStartedAt: fresh ? now : state.windowStartedAt,
    lockedUntil: failures >= LOGIN_THROTTLE.maxFailures ? now + LOGIN_THROTTLE.lockMs : 0,
  };
}

/** Whole minutes (at least 1) until a locked e-mail may try again. */
export function minutesUntilUnlocked(state: AttemptState, now: number): number {
  return Math.max(1, Math.ceil((state.lockedUntil - now) / 60_000));
}
