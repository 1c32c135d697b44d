import type { EventEnvelope } from '../../contracts/events';
import type { Role } from '../../contracts/roles';
import { forbidden, invalidState, notFound } from '../errors';
import { commit, type CommitDeps, type PendingEvent, event } from '../realtime/index';
import { canManageUsers, isOperator, removesAdmin, selfLockoutReason } from './accounts.policy';
import type { Actor } from '../shared/actor';
import { assertDepartmentsOfBusiness } from './create-user';
import { hashPassword } from './passwords';
import { deleteSessionsOfUser } from './sessions.repo';
import { applyOperatorStatus } from './set-operator-status';
import { countOtherActiveAdmins, departmentIdsByUser, findUserInBusiness, replaceUserDepartments, updateUserFields, type UserRecord } from './users.repo';
import { recordAudit } from '../audit/index';

export interface UserPatch {
  name?: string | undefined;
  roles?: Role[] | undefined;
  maxDialogs?: number | undefined;
  departmentIds?: number[] | undefined;
  disabled?: boolean | undefined;
  password?: string | undefined;
}

/**
 * Changes a user of the actor's business; admins only. Guarantees: nobody drops their own admin
 * role or disables themselves, and the business keeps an active admin; disabling or a new password
 * signs the user out everywhere (an admin changing their own password keeps only the session in
 * use); a user who is disabled or no longer an operator goes Offline (with `operator.status`).
 */
export async function updateUser(
  deps: CommitDeps,
  input: { actor: Actor; userId: number; patch: UserPatch; actorSessionId?: string | undefined },
): Promise<{ result: { user: UserRecord; departmentIds: number[] }; events: EventEnvelope[] }> {
  const { actor, userId, patch } = input;
  if (!canManageUsers(actor)) throw forbidden('Only admins can manage users');
  const passwordHash = patch.password !== undefined ? await hashPassword(patch.password) : undefined;
  return commit(deps, actor.businessId, async (tx) => {
    const before = await findUserInBusiness(tx, actor.businessId, userId);
    if (!before) throw notFound('User');
    const why = selfLockoutReason(actor, userId, patch);
    if (why) throw invalidState(why);
    if (removesAdmin(before, patch) && (await countOtherActiveAdmins(tx, actor.businessId, userId)) === 0) {
      throw invalidState('The business must keep at least one active admin');
    }
    if (patch.departmentIds) {
      await assertDepartmentsOfBusiness(tx, actor.businessId, patch.departmentIds);
      await replaceUserDepartments(tx, userId, patch.departmentIds);
    }
    await updateUserFields(tx, actor.businessId, userId, {
      name: patch.name?.trim(),
      roles: patch.roles,
      maxDialogs: patch.maxDialogs,
      disabled: patch.disabled,
      passwordHash,
    });
    const endsSessions = patch.disabled === true || passwordHash !== undefined;
    if (endsSessions) {
      await deleteSessionsOfUser(tx, userId, actor.kind === 'user' && actor.userId === userId ? input.actorSessionId : undefined);
    }
    const after = await findUserInBusiness(tx, actor.businessId, userId);
    if (!after) throw notFound('User');
    const events: PendingEvent[] = [];
    const wentOffline = after.status === 'online' && (after.disabled || !isOperator(after.roles));
    if (wentOffline) events.push(...(await applyOperatorStatus(tx, after, 'offline')).events);
    if (endsSessions) events.push(event('user.signed_out', { userId }));
    // A new department or the operator role: room for a waiting dialog (automatic distribution drains on it).
    const roomMayGrow = patch.departmentIds !== undefined || (patch.roles !== undefined && !isOperator(before.roles));
    // Every limit set is announced with its value, a lower one too: `before` was read without a lock, so
    // "higher than before" could miss a rise, and the log then tells each operator's limit at any point.
    const limitSet = patch.maxDialogs !== undefined;
    if (limitSet || (roomMayGrow && !after.disabled && isOperator(after.roles))) {
      events.push(event('operator.capacity', { userId, ...(limitSet ? { maxDialogs: after.maxDialogs } : {}) }));
    }
    const departmentIds = (await departmentIdsByUser(tx, actor.businessId, [userId])).get(userId) ?? [];
    await recordAudit(tx, actor, { action: 'user.update', target: { type: 'user', id: userId }, details: { ...patch }, now: deps.clock() });
    const user = wentOffline ? { ...after, status: 'offline' as const } : after;
    return { result: { user, departmentIds }, events };
  });
}
