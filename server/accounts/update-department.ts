import { conflict, forbidden, notFound } from '../errors';
import { commit, event, type CommitDeps } from '../realtime/index';
import type { Department } from '../storage/schema';
import { canManageDepartments } from './accounts.policy';
import type { Actor } from '../shared/actor';
import { findDepartmentInBusiness, updateDepartmentUnlessCodeTaken } from './departments.repo';

/**
 * Renames or recodes a department of the actor's business, or switches its automatic distribution;
 * admins only; codes stay unique. A new distribution switch is `distribution.changed` (the queue drains on it).
 */
export async function updateDepartment(
  deps: CommitDeps,
  input: { actor: Actor; departmentId: number; code?: string | undefined; name?: string | undefined; autoAssign?: boolean | null | undefined },
): Promise<Department> {
  const { actor, departmentId } = input;
  if (!canManageDepartments(actor)) throw forbidden('Only admins can manage departments');
  const { result } = await commit(deps, actor.businessId, async (tx) => {
    if (!(await findDepartmentInBusiness(tx, actor.businessId, departmentId))) throw notFound('Department');
    const ok = await updateDepartmentUnlessCodeTaken(tx, actor.businessId, departmentId, {
      code: input.code,
      name: input.name?.trim(),
      autoAssign: input.autoAssign,
    });
    if (!ok) throw conflict(`A department with code "${input.code ?? ''}" already exists`);
    const d = await findDepartmentInBusiness(tx, actor.businessId, departmentId);
    if (!d) throw notFound('Department');
    return { result: d, events: input.autoAssign !== undefined ? [event('distribution.changed', {})] : [] };
  });
  return result;
}
