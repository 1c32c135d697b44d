import { forbidden } from '../errors';
import type { Db } from '../storage/db';
import type { Department } from '../storage/schema';
import { canManageDepartments } from './accounts.policy';
import type { Actor } from '../shared/actor';
import { listDepartmentsOfBusiness } from './departments.repo';

/** The actor's business departments by code; admins only. */
export async function listDepartments(deps: { db: Db }, input: { actor: Actor }): Promise<Department[]> {
  if (!canManageDepartments(input.actor)) throw forbidden('Only admins can manage departments');
  return listDepartmentsOfBusiness(deps.db, input.actor.businessId);
}
