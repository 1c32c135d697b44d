import { forbidden, invalidState, notFound } from '../errors';
import type { Db } from '../storage/db';
import { canManageDepartments } from './accounts.policy';
import type { Actor } from '../shared/actor';
import { countOpenDialogsOfDepartment, deleteDepartment as deleteDepartmentRow, findDepartmentInBusiness } from './departments.repo';
import { recordAudit } from '../audit/index';

/**
 * Deletes a department of the actor's business with its memberships; admins only. Refused while
 * dialogs are waiting or open in it, so no lead is left in a queue nobody serves.
 */
export async function deleteDepartment(deps: { db: Db; clock: () => number }, input: { actor: Actor; departmentId: number }): Promise<void> {
  const { actor, departmentId } = input;
  if (!canManageDepartments(actor)) throw forbidden('Only admins can manage departments');
  await deps.db.transaction().execute(async (tx) => {
    if (!(await findDepartmentInBusiness(tx, actor.businessId, departmentId))) throw notFound('Department');
    const open = await countOpenDialogsOfDepartment(tx, actor.businessId, departmentId);
    if (open > 0) throw invalidState(`The department still has ${open} open dialog(s); transfer or close them first`);
    await deleteDepartmentRow(tx, actor.businessId, departmentId);
    await recordAudit(tx, actor, { action: 'department.delete', target: { type: 'department', id: departmentId }, now: deps.clock() });
  });
}
