import { conflict, forbidden } from '../errors';
import type { Db } from '../storage/db';
import type { Department } from '../storage/schema';
import { canManageDepartments } from './accounts.policy';
import type { Actor } from '../shared/actor';
import { insertDepartmentUnlessCodeTaken } from './departments.repo';
import { recordAudit } from '../audit/index';

/** Adds a department to the actor's business; admins only; codes are unique per business. */
export async function createDepartment(deps: { db: Db; clock: () => number }, input: { actor: Actor; code: string; name: string }): Promise<Department> {
  const { actor } = input;
  if (!canManageDepartments(actor)) throw forbidden('Only admins can manage departments');
  return deps.db.transaction().execute(async (tx) => {
    const d = await insertDepartmentUnlessCodeTaken(tx, {
      businessId: actor.businessId,
      code: input.code,
      name: input.name.trim(),
      createdAt: deps.clock(),
    });
    if (!d) throw conflict(`A department with code "${input.code}" already exists`);
    await recordAudit(tx, actor, {
      action: 'department.create',
      target: { type: 'department', id: d.id },
      details: { code: d.code, name: d.name },
      now: deps.clock(),
    });
    return d;
  });
}
