import { PostgresAdapter, sql } from 'kysely';
import { RoleList, type OperatorStatus, type Role } from '../../contracts/roles';
import type { Executor } from '../storage/db';
import { parseColumn } from '../storage/json-column';
import type { User } from '../storage/schema';
import { isUniqueViolation } from '../storage/unique-violation';

/** A user as the accounts module works with it (roles parsed, flags as booleans). */
export interface UserRecord {
  id: number;
  businessId: number;
  email: string;
  name: string;
  passwordHash: string;
  roles: Role[];
  status: OperatorStatus;
  maxDialogs: number;
  disabled: boolean;
  createdAt: number;
}

export interface NewUser {
  businessId: number;
  email: string;
  name: string;
  passwordHash: string;
  roles: Role[];
  maxDialogs: number;
  createdAt: number;
}

export interface UserChanges {
  name?: string;
  roles?: Role[];
  maxDialogs?: number;
  disabled?: boolean;
  passwordHash?: string;
}

function toRecord(r: User): UserRecord {
  return {
    id: r.id,
    businessId: r.business_id,
    email: r.email,
    name: r.name,
    passwordHash: r.password_hash,
    roles: parseColumn(RoleList, r.roles, `users.roles of user ${r.id}`),
    status: r.status,
    maxDialogs: r.max_dialogs,
    disabled: Boolean(r.disabled),
    createdAt: r.created_at,
  };
}

/** True while the installation has no users at all (first-run setup). */
export async function hasNoUsers(db: Executor): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

/**
 * Serializes first-run setup: on PostgreSQL locks the users table against concurrent inserts until
 * commit; SQLite transactions already run one at a time.
 */
export async function lockUsersForSetup(tx: Executor): Promise<void> {
  if (tx.getExecutor().adapter instanceof PostgresAdapter) await sql`lock table users in share row exclusive mode`.execute(tx);
}

/** The user with this (lower-cased) e-mail in any business, for sign-in. */
export async function findUserByEmail(db: Executor, email: string): Promise<UserRecord | null> {
  const r = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  return r ? toRecord(r) : null;
}

/** The user if it belongs to the business; null for unknown ids and other businesses' users. */
export async function findUserInBusiness(db: Executor, businessId: number, userId: number): Promise<UserRecord | null> {
  const r = await db.selectFrom('users').selectAll().where('id', '=', userId).where('business_id', '=', businessId).executeTakeFirst();
  return r ? toRecord(r) : null;
}

/** Every user of the business, oldest first. */
export async function listUsersOfBusiness(db: Executor, businessId: number): Promise<UserRecord[]> {
  const rows = await db.selectFrom('users').selectAll().where('business_id', '=', businessId).orderBy('id').execute();
  return rows.map(toRecord);
}

/** Inserts the user; null when the e-mail is already taken (by anyone, in any business). */
export async function insertUserUnlessEmailTaken(db: Executor, u: NewUser): Promise<UserRecord | null> {
  try {
    const r = await db
      .insertInto('users')
      .values({
        business_id: u.businessId,
        email: u.email,
        name: u.name,
        password_hash: u.passwordHash,
        roles: JSON.stringify(u.roles),
        status: 'offline',
        max_dialogs: u.maxDialogs,
        disabled: 0,
        created_at: u.createdAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(r);
  } catch (err) {
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

/** Applies the given field changes to a user of the business. */
export async function updateUserFields(db: Executor, businessId: number, userId: number, c: UserChanges): Promise<void> {
  const set = {
    ...(c.name !== undefined && { name: c.name }),
    ...(c.roles !== undefined && { roles: JSON.stringify(c.roles) }),
    ...(c.maxDialogs !== undefined && { max_dialogs: c.maxDialogs }),
    ...(c.disabled !== undefined && { disabled: c.disabled ? 1 : 0 }),
    ...(c.passwordHash !== undefined && { password_hash: c.passwordHash }),
  };
  if (Object.keys(set).length === 0) return;
  await db.updateTable('users').set(set).where('id', '=', userId).where('business_id', '=', businessId).execute();
}

/** Compare-and-set of the status: true only if this call changed it (concurrent callers: one wins). */
export async function setStatusIfDifferent(db: Executor, businessId: number, userId: number, status: OperatorStatus): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ status })
    .where('id', '=', userId)
    .where('business_id', '=', businessId)
    .where('status', '<>', status)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** How many enabled admins the business has besides the given user. */
export async function countOtherActiveAdmins(db: Executor, businessId: number, exceptUserId: number): Promise<number> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'roles'])
    .where('business_id', '=', businessId)
    .where('disabled', '=', 0)
    .where('id', '<>', exceptUserId)
    .execute();
  return rows.filter((r) => parseColumn(RoleList, r.roles, `users.roles of user ${r.id}`).includes('admin')).length;
}

/** Department ids per user of the business (users without departments are absent). */
export async function departmentIdsByUser(db: Executor, businessId: number, userIds?: number[]): Promise<Map<number, number[]>> {
  if (userIds?.length === 0) return new Map();
  let q = db
    .selectFrom('user_departments')
    .innerJoin('departments', 'departments.id', 'user_departments.department_id')
    .select(['user_departments.user_id as userId', 'user_departments.department_id as departmentId'])
    .where('departments.business_id', '=', businessId);
  if (userIds) q = q.where('user_departments.user_id', 'in', userIds);
  const rows = await q.orderBy('user_departments.department_id').execute();
  const out = new Map<number, number[]>();
  for (const r of rows) out.set(r.userId, [...(out.get(r.userId) ?? []), r.departmentId]);
  return out;
}

/** Replaces the user's department memberships. */
export async function replaceUserDepartments(db: Executor, userId: number, departmentIds: number[]): Promise<void> {
  await db.deleteFrom('user_departments').where('user_id', '=', userId).execute();
  if (departmentIds.length === 0) return;
  await db
    .insertInto('user_departments')
    .values(departmentIds.map((d) => ({ user_id: userId, department_id: d })))
    .execute();
}

/** Display names of these users (any business: ids come from rows already scoped to one). */
export async function userNames(db: Executor, userIds: number[]): Promise<Map<number, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(userIds)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Enabled users of the business with the Operator role (of one department, or one user, when given):
 * who can be given a dialog.
 */
export async function listEnabledOperators(
  db: Executor,
  businessId: number,
  f: { departmentId?: number | null; userId?: number | null } = {},
): Promise<UserRecord[]> {
  let q = db.selectFrom('users').selectAll('users').where('users.business_id', '=', businessId).where('users.disabled', '=', 0);
  if (f.userId != null) q = q.where('users.id', '=', f.userId);
  if (f.departmentId != null) {
    const departmentId = f.departmentId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_departments')
          .select('user_departments.user_id')
          .whereRef('user_departments.user_id', '=', 'users.id')
          .where('user_departments.department_id', '=', departmentId),
      ),
    );
  }
  return (await q.orderBy('users.name').execute()).map(toRecord).filter((u) => u.roles.includes('operator'));
}
