import type { EventEnvelope } from '../../contracts/events';
import { AppError } from '../errors';
import { commit, type CommitDeps } from '../realtime/index';
import { isOperator } from './accounts.policy';
import { loadMe, type MeRecord } from './me';
import { hashSecret, newSecret } from './secrets';
import { insertSession } from './sessions.repo';
import { applyOperatorStatus } from './set-operator-status';
import type { UserRecord } from './users.repo';

export interface SignInDeps extends CommitDeps {
  /** How long a session lives (from SESSION_TTL_HOURS). */
  sessionTtlMs: number;
}

export interface SignedIn {
  /** The cookie token: returned once, only its hash is stored. */
  token: string;
  csrfToken: string;
  me: MeRecord;
}

/**
 * Opens a session for an authenticated user and, for an operator, sets them Online (login sets
 * Online) with its `operator.status` event, all in one transaction.
 */
export async function signIn(deps: SignInDeps, user: UserRecord): Promise<{ result: SignedIn; events: EventEnvelope[] }> {
  const token = newSecret();
  const csrfToken = newSecret(16);
  return commit(deps, user.businessId, async (tx) => {
    const now = deps.clock();
    await insertSession(tx, {
      id: hashSecret(token),
      userId: user.id,
      businessId: user.businessId,
      csrfToken,
      createdAt: now,
      expiresAt: now + deps.sessionTtlMs,
    });
    const status = isOperator(user.roles) ? await applyOperatorStatus(tx, user, 'online') : { events: [] };
    const me = await loadMe(tx, user.businessId, user.id);
    if (!me) throw new AppError('unauthenticated', 'The user no longer exists');
    return { result: { token, csrfToken, me }, events: status.events };
  });
}
