import { departmentIdsByUser, listEnabledOperators } from '../accounts/index';
import { lastAssignedAt, openDialogCounts } from '../dialogs/index';
import { openWorkspaces } from './presence.repo';
import type { Executor } from '../storage/db';
import type { Candidate } from './pick-operator';

/** An operator as routing sees them: the rule's figures plus who they are and where they work. */
export interface OperatorView extends Candidate {
  name: string;
  departmentIds: number[];
}

/**
 * Every enabled operator of the business with their load, departments, last assignment and whether
 * their workspace is open: four reads, whatever the number of operators. A drain decides every
 * waiting dialog on one such view and keeps it current with its own assignments; each assignment is
 * then checked afresh under the operator's lock (loadCandidate), so a stale view costs a retry, never
 * a wrong assignment.
 */
export async function loadOperatorView(db: Executor, businessId: number, now: number): Promise<OperatorView[]> {
  const users = await listEnabledOperators(db, businessId);
  if (users.length === 0) return [];
  const ids = users.map((u) => u.id);
  const [load, lastAt, departments, open] = await Promise.all([
    openDialogCounts(db, ids),
    lastAssignedAt(db, ids),
    departmentIdsByUser(db, businessId, ids),
    openWorkspaces(db, businessId, now),
  ]);
  return users.map((u) => ({
    id: u.id,
    name: u.name,
    status: u.status,
    maxDialogs: u.maxDialogs,
    openDialogs: load.get(u.id) ?? 0,
    lastAssignedAt: lastAt.get(u.id) ?? 0,
    workspaceOpen: open.has(u.id),
    departmentIds: departments.get(u.id) ?? [],
  }));
}

/** The operators of one department (all of them for a dialog of no department). */
export function inDepartment(view: readonly OperatorView[], departmentId: number | null): OperatorView[] {
  return departmentId === null ? [...view] : view.filter((o) => o.departmentIds.includes(departmentId));
}

/** One operator as a candidate, read afresh (undefined when disabled, gone or no longer an operator). */
export async function loadCandidate(db: Executor, businessId: number, userId: number, now: number): Promise<Candidate | undefined> {
  const [u] = await listEnabledOperators(db, businessId, { userId });
  if (!u) return undefined;
  const [load, lastAt, open] = await Promise.all([openDialogCounts(db, [u.id]), lastAssignedAt(db, [u.id]), openWorkspaces(db, businessId, now, u.id)]);
  return {
    id: u.id,
    status: u.status,
    maxDialogs: u.maxDialogs,
    openDialogs: load.get(u.id) ?? 0,
    lastAssignedAt: lastAt.get(u.id) ?? 0,
    workspaceOpen: open.has(u.id),
  };
}
