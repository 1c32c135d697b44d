import { listEnabledOperators } from '../accounts/index';
import { lastAssignedAt, openDialogCounts } from '../dialogs/index';
import type { Executor } from '../storage/db';
import type { Candidate } from './pick-operator';

/**
 * Enabled operators of the business (of one department when given) with their current load and
 * when they last got a dialog: the people from accounts, the load from dialogs.
 */
export async function loadCandidates(db: Executor, businessId: number, departmentId: number | null): Promise<Candidate[]> {
  return load(db, businessId, { departmentId, userId: null });
}

/** One operator as a candidate, read afresh (undefined when disabled, gone or no longer an operator). */
export async function loadCandidate(db: Executor, businessId: number, userId: number): Promise<Candidate | undefined> {
  return (await load(db, businessId, { departmentId: null, userId }))[0];
}

async function load(db: Executor, businessId: number, f: { departmentId: number | null; userId: number | null }): Promise<Candidate[]> {
  const users = await listEnabledOperators(db, businessId, f);
  if (users.length === 0) return [];
  const ids = users.map((u) => u.id);
  const [load, lastAt] = await Promise.all([openDialogCounts(db, ids), lastAssignedAt(db, ids)]);
  return users.map((u) => ({ id: u.id, status: u.status, maxDialogs: u.maxDialogs, openDialogs: load.get(u.id) ?? 0, lastAssignedAt: lastAt.get(u.id) ?? 0 }));
}
