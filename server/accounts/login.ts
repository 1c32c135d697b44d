import type { EventEnvelope } from '../../contracts/events';
import { AppError } from '../errors';
import type { Executor } from '../storage/db';
import { normalizeEmail } from './emails';
import { clearLoginAttempts, findLoginAttempts, insertLoginAttemptsIfAbsent, replaceLoginAttemptsIf } from './login-attempts.repo';
import { afterFailure, isLockedOut, minutesUntilUnlocked } from './login-throttle';
import { verifyPassword } from './passwords';
import { signIn, type SignedIn, type SignInDeps } from './sign-in';
import { findUserByEmail } from './users.repo';

const WRONG = 'Wrong e-mail or password';

/**
 * Signs a user in by e-mail and password. Guarantees: the same 401 for an unknown e-mail, a wrong
 * password and a disabled user; after 5 failures in 15 minutes the e-mail is refused (429) for 15
 * minutes after the last failure, even with the right password; success clears the failures,
 * opens a session and sets an operator Online.
 */
export async function login(
  deps: SignInDeps,
  input: { email: string; password: string },
): Promise<{ result: SignedIn; events: EventEnvelope[] }> {
  const email = normalizeEmail(input.email);
  const attempts = await findLoginAttempts(deps.db, email);
  const now = deps.clock();
  if (attempts && isLockedOut(attempts, now)) {
    throw new AppError('too_many_requests', `Too many failed sign-in attempts; try again in ${minutesUntilUnlocked(attempts, now)} min`);
  }
  const user = await findUserByEmail(deps.db, email);
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !passwordOk || user.disabled) {
    await recordFailure(deps.db, email, deps.clock());
    throw new AppError('unauthenticated', WRONG);
  }
  if (attempts) await clearLoginAttempts(deps.db, email);
  return signIn(deps, user);
}

/** Counts one failure; optimistic compare-and-set so concurrent failures are all counted. */
async function recordFailure(db: Executor, email: string, now: number): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const prev = await findLoginAttempts(db, email);
    const next = afterFailure(prev, now);
    const saved = prev ? await replaceLoginAttemptsIf(db, email, prev, next) : await insertLoginAttemptsIfAbsent(db, email, next);
    if (saved) return;
  }
  throw new Error(`could not record a failed sign-in for ${email}: too much contention`);
}
