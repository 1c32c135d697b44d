import type { Role } from '../../contracts/roles';
import type { Executor } from '../storage/db';

/** Script codes and names of every bot of a business, in the bots' own order. */
export function listScriptNames(db: Executor, businessId: number) {
  return db.selectFrom('scripts').select(['bot_id', 'code', 'name']).where('business_id', '=', businessId).orderBy('bot_id').orderBy('id').execute();
}

/** Enabled users of a business holding the operator role, by name. */
export async function listOperators(db: Executor, businessId: number) {
  const rows = await db.selectFrom('users').select(['id', 'name', 'roles', 'status']).where('business_id', '=', businessId).where('disabled', '=', 0).orderBy('name').execute();
  return rows.filter((u) => (JSON.parse(u.roles) as Role[]).includes('operator')).map(({ id, name, status }) => ({ id, name, status }));
}

export function listDepartmentRefs(db: Executor, businessId: number) {
  return db.selectFrom('departments').select(['id', 'code', 'name']).where('business_id', '=', businessId).orderBy('name').execute();
}
