import type { Executor } from '../storage/db';
import type { Candidate } from './pick-operator';

/**
 * Enabled operators of the business (of one department when given) with their current load and
 * when they last got a dialog.
 */
export async function loadCandidates(db: Executor, businessId: number, departmentId: number | null): Promise<Candidate[]> {
  let q = db
    .selectFrom('users')
    .select(['users.id', 'users.status', 'users.max_dialogs', 'users.roles'])
    .where('users.business_id', '=', businessId)
    .where('users.disabled', '=', 0);
  if (departmentId !== null) {
    q = q.where((eb) => eb.exists(eb.selectFrom('user_departments').select('user_departments.user_id')
      .whereRef('user_departments.user_id', '=', 'users.id').where('user_departments.department_id', '=', departmentId)));
  }
  const users = (await q.execute()).filter((u) => (JSON.parse(u.roles) as string[]).includes('operator'));
  if (users.length === 0) return [];
  const ids = users.map((u) => u.id);
  const [loads, last] = await Promise.all([
    db.selectFrom('dialog_members').innerJoin('dialogs', 'dialogs.id', 'dialog_members.dialog_id')
      .select(['dialog_members.user_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('dialog_members.user_id', 'in', ids).where('dialog_members.left_at', 'is', null).where('dialogs.state', '=', 'active')
      .groupBy('dialog_members.user_id').execute(),
    db.selectFrom('dialogs').select(['assignee_id', (eb) => eb.fn.max('assigned_at').as('at')])
      .where('assignee_id', 'in', ids).groupBy('assignee_id').execute(),
  ]);
  const load = new Map(loads.map((r) => [r.user_id, Number(r.n)]));
  const lastAt = new Map(last.map((r) => [r.assignee_id, Number(r.at ?? 0)]));
  return users.map((u) => ({ id: u.id, status: u.status, maxDialogs: u.max_dialogs, openDialogs: load.get(u.id) ?? 0, lastAssignedAt: lastAt.get(u.id) ?? 0 }));
}
