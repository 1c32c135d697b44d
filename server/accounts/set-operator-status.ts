import type { EventEnvelope } from '../../contracts/events';
import type { OperatorStatus } from '../../contracts/roles';
import { forbidden, invalidState, notFound } from '../errors';
import { commit, type CommitDeps, type Outcome, event } from '../realtime/index';
import type { Executor } from '../storage/db';
import { canSetOperatorStatus, isOperator } from './accounts.policy';
import type { Actor } from '../shared/actor';
import { findUserInBusiness, setStatusIfDifferent } from './users.repo';

export interface StatusChange {
  userId: number;
  status: OperatorStatus;
  /** False when the user already had this status. */
  changed: boolean;
}

/**
 * Sets a user's status inside the caller's transaction; returns `operator.status` only if this call
 * actually changed it (a compare-and-set, so concurrent callers never emit twice).
 */
export async function applyOperatorStatus(tx: Executor, user: { id: number; businessId: number }, status: OperatorStatus): Promise<Outcome<StatusChange>> {
  const changed = await setStatusIfDifferent(tx, user.businessId, user.id, status);
  return {
    result: { userId: user.id, status, changed },
    events: changed ? [event('operator.status', { userId: user.id, status })] : [],
  };
}

/**
 * Switches an operator Online/Offline (the operator themselves, an admin, or routing as the system
 * actor); emits `operator.status` only when the status actually changes.
 */
export async function setOperatorStatus(
  deps: CommitDeps,
  input: { actor: Actor; userId: number; status: OperatorStatus },
): Promise<{ result: StatusChange; events: EventEnvelope[] }> {
  const { actor, userId, status } = input;
  if (!canSetOperatorStatus(actor, userId)) throw forbidden('Only the operator themselves or an admin can change this status');
  return commit(deps, actor.businessId, async (tx) => {
    const user = await findUserInBusiness(tx, actor.businessId, userId);
    if (!user) throw notFound('User');
    if (!isOperator(user.roles)) throw invalidState('This user is not an operator, so has no Online/Offline status');
    if (user.disabled && status === 'online') throw invalidState('A disabled user cannot be set Online');
    return applyOperatorStatus(tx, user, status);
  });
}
