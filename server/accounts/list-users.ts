import { forbidden } from '../errors';
import type { Db } from '../storage/db';
import { canManageUsers } from './accounts.policy';
import type { Actor } from '../shared/actor';
import { departmentIdsByUser, listUsersOfBusiness, type UserRecord } from './users.repo';
import { activeDialogCounts } from './user-load.repo';

/** The actor's business users with their department ids; admins only. */
export async function listUsers(deps: { db: Db }, input: { actor: Actor }): Promise<{ user: UserRecord; departmentIds: number[]; openDialogs: number }[]> {
  const { actor } = input;
  if (!canManageUsers(actor)) throw forbidden('Only admins can manage users');
  const users = await listUsersOfBusiness(deps.db, actor.businessId);
  const [departments, load] = await Promise.all([departmentIdsByUser(deps.db, actor.businessId), activeDialogCounts(deps.db, actor.businessId)]);
  return users.map((user) => ({ user, departmentIds: departments.get(user.id) ?? [], openDialogs: load.get(user.id) ?? 0 }));
}
