import type { EventEnvelope } from '../../contracts/events';
import type { OperatorStatus } from '../../contracts/roles';
import { forbidden } from '../errors';
import type { CommitDeps } from '../realtime/index';
import { canManageUsers } from './accounts.policy';
import type { Actor } from '../shared/actor';
import { setOperatorStatus, type StatusChange } from './set-operator-status';

/** An admin switches any operator of the business Online/Offline (e.g. one who left without logging out). */
export async function setUserStatus(
  deps: CommitDeps,
  input: { actor: Actor; userId: number; status: OperatorStatus },
): Promise<{ result: StatusChange; events: EventEnvelope[] }> {
  if (!canManageUsers(input.actor)) throw forbidden('Only admins can manage users');
  return setOperatorStatus(deps, input);
}
