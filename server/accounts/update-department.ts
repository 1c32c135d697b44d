import { conflict, forbidden, notFound } from '../errors';
import type { Db } from '../storage/db';
import type { Department } from '../storage/schema';
import { canManageDepartments } from './accounts.policy';
import type { Actor } from '../shared/actor';
import { findDepartmentInBusiness, updateDepartmentUnlessCodeTaken } from './departments.repo';

/** Renames or recodes a department of the actor's business; admins only; codes stay unique. */
export async function updateDepartment(
  deps: { db: Db },
  input: { actor: Actor; departmentId: number; code?: string | undefined; name?: string | undefined },
): Promise<Department> {
  const { actor, departmentId } = input;
  if (!canManageDepartments(actor)) throw forbidden('Only admins can manage departments');
  return deps.db.transaction().execute(async (tx) => {
    if (!(await findDepartmentInBusiness(tx, actor.businessId, departmentId))) throw notFound('Department');
    const ok = await updateDepartmentUnlessCodeTaken(tx, actor.businessId, departmentId, { code: input.code, name: input.name?.trim() });
    if (!ok) throw conflict(`A department with code "${input.code ?? ''}" already exists`);
    const d = await findDepartmentInBusiness(tx, actor.businessId, departmentId);
    if (!d) throw notFound('Department');
    return d;
  });
}
