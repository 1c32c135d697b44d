import type { EventEnvelope } from '../../contracts/events';
import { AppError } from '../errors';
import { normalizeEmail } from './emails';
import { clearAccountAddressFailures, findLoginFailures, recordLoginFailure } from './login-attempts.repo';
import { addressKey, LOGIN_THROTTLE, loginWaitMs, retryAfterSec } from './login-throttle';
import { verifyPassword } from './passwords';
import { signIn, type SignedIn, type SignInDeps } from './sign-in';
import { findUserByEmail } from './users.repo';

const WRONG = 'Wrong e-mail or password';

/**
 * Signs a user in by e-mail and password from a client address. Guarantees: the same 401 for an
 * unknown e-mail, a wrong password and a disabled user; failures are counted per address, per
 * (account, address) and per account, and an attempt inside the back-off they set (login-throttle.ts)
 * is 429 `too_many_requests` with `params.retryAfterSec`, before the password is checked. Failures
 * from other addresses never refuse an address that has not failed for the account. Success clears
 * the (account, address) count, opens a session and sets an operator Online.
 */
export async function login(
  deps: SignInDeps,
  input: { email: string; password: string; address: string },
): Promise<{ result: SignedIn; events: EventEnvelope[] }> {
  const email = normalizeEmail(input.email);
  const address = addressKey(input.address);
  const failures = await findLoginFailures(deps.db, email, address);
  const now = deps.clock();
  const waitMs = loginWaitMs(failures, now);
  if (waitMs > 0) {
    const sec = retryAfterSec(waitMs);
    throw new AppError('too_many_requests', `Too many failed sign-in attempts from this address; try again in ${sec} s`, undefined, { retryAfterSec: sec });
  }
  const user = await findUserByEmail(deps.db, email);
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !passwordOk || user.disabled) {
    const at = deps.clock();
    await recordLoginFailure(deps.db, email, address, at, at - LOGIN_THROTTLE.forgetMs);
    throw new AppError('unauthenticated', WRONG);
  }
  if (failures.accountAddress) await clearAccountAddressFailures(deps.db, email, address);
  return signIn(deps, user);
}
