import type { EventEnvelope } from '../../contracts/events';
import type { OperatorStatus } from '../../contracts/roles';
import { commit, type CommitDeps, event } from '../realtime/index';
import { isOperator } from './accounts.policy';
import type { Actor } from '../shared/actor';
import { deleteSession } from './sessions.repo';
import { applyOperatorStatus, type StatusChange } from './set-operator-status';
import { findUserInBusiness } from './users.repo';

/**
 * Ends the caller's session and applies their choice from the logout dialog (set Offline or stay
 * Online) in one transaction; `operator.status` is emitted only if the status changed.
 */
export async function logout(
  deps: CommitDeps,
  input: { actor: Extract<Actor, { kind: 'user' }>; sessionId: string; status: OperatorStatus },
): Promise<{ result: StatusChange | null; events: EventEnvelope[] }> {
  const { actor, sessionId, status } = input;
  return commit(deps, actor.businessId, async (tx) => {
    await deleteSession(tx, sessionId, actor.userId);
    const signedOut = event('user.signed_out', { userId: actor.userId });
    const user = await findUserInBusiness(tx, actor.businessId, actor.userId);
    if (!user || !isOperator(user.roles)) return { result: null, events: [signedOut] };
    const change = await applyOperatorStatus(tx, user, status);
    return { result: change.result, events: [...change.events, signedOut] };
  });
}
