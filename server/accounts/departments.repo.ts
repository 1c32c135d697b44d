import type { Executor } from '../storage/db';
import type { Department } from '../storage/schema';
import { isUniqueViolation } from '../storage/unique-violation';

/** The business's departments, by code. */
export async function listDepartmentsOfBusiness(db: Executor, businessId: number): Promise<Department[]> {
  return db.selectFrom('departments').selectAll().where('business_id', '=', businessId).orderBy('code').execute();
}

/** The department if it belongs to the business. */
export async function findDepartmentInBusiness(db: Executor, businessId: number, id: number): Promise<Department | null> {
  const r = await db.selectFrom('departments').selectAll().where('id', '=', id).where('business_id', '=', businessId).executeTakeFirst();
  return r ?? null;
}

/** The departments a user works in, by code. */
export async function listDepartmentsOfUser(db: Executor, businessId: number, userId: number): Promise<Department[]> {
  return db
    .selectFrom('departments')
    .innerJoin('user_departments', 'user_departments.department_id', 'departments.id')
    .selectAll('departments')
    .where('user_departments.user_id', '=', userId)
    .where('departments.business_id', '=', businessId)
    .orderBy('departments.code')
    .execute();
}

/** How many of the ids are departments of the business (equal to ids.length when all are). */
export async function countDepartmentsInBusiness(db: Executor, businessId: number, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db
    .selectFrom('departments')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('business_id', '=', businessId)
    .where('id', 'in', ids)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Inserts a department; null when the business already has one with this code. */
export async function insertDepartmentUnlessCodeTaken(
  db: Executor,
  d: { businessId: number; code: string; name: string; createdAt: number },
): Promise<Department | null> {
  try {
    return await db
      .insertInto('departments')
      .values({ business_id: d.businessId, code: d.code, name: d.name, created_at: d.createdAt })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (err) {
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

/** Renames a department; false when the new code is taken by another department of the business. */
export async function updateDepartmentUnlessCodeTaken(
  db: Executor,
  businessId: number,
  id: number,
  c: {
    code?: string | undefined;
    name?: string | undefined;
    autoAssign?: boolean | null | undefined;
    offlineDialogs?: 'keep' | 'requeue' | null | undefined;
    reassignAfterSec?: number | null | undefined;
    firstResponseTargetSec?: number | null | undefined;
    nextResponseTargetSec?: number | null | undefined;
  },
): Promise<boolean> {
  const set = {
    ...(c.code !== undefined && { code: c.code }),
    ...(c.name !== undefined && { name: c.name }),
    ...(c.autoAssign !== undefined && { auto_assign: c.autoAssign === null ? null : c.autoAssign ? 1 : 0 }),
    ...(c.offlineDialogs !== undefined && { offline_dialogs: c.offlineDialogs }),
    ...(c.reassignAfterSec !== undefined && { reassign_after_sec: c.reassignAfterSec }),
    ...(c.firstResponseTargetSec !== undefined && { first_response_target_sec: c.firstResponseTargetSec }),
    ...(c.nextResponseTargetSec !== undefined && { next_response_target_sec: c.nextResponseTargetSec }),
  };
  if (Object.keys(set).length === 0) return true;
  try {
    await db.updateTable('departments').set(set).where('id', '=', id).where('business_id', '=', businessId).execute();
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/** Deletes a department of the business; memberships go with it. */
export async function deleteDepartment(db: Executor, businessId: number, id: number): Promise<void> {
  await db.deleteFrom('departments').where('id', '=', id).where('business_id', '=', businessId).execute();
}

/** Dialogs still waiting in or handled under the department (they would lose their queue). */
export async function countOpenDialogsOfDepartment(db: Executor, businessId: number, id: number): Promise<number> {
  const r = await db
    .selectFrom('dialogs')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('business_id', '=', businessId)
    .where('department_id', '=', id)
    .where('state', 'in', ['waiting', 'active'])
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The business's department with this code, if any. */
export async function findDepartmentByCode(db: Executor, businessId: number, code: string): Promise<Department | null> {
  return (await db.selectFrom('departments').selectAll().where('business_id', '=', businessId).where('code', '=', code).executeTakeFirst()) ?? null;
}
