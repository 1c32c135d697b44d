import { MONITOR_BREACHES_MAX, type Monitor } from '../../contracts/monitor';
import { departmentIdsByUser, listDepartmentsOfBusiness, listEnabledOperators, userNames } from '../accounts/index';
import { forbidden } from '../errors';
import { openWorkspaces } from '../routing/index';
import type { Actor } from '../shared/actor';
import type { Executor } from '../storage/db';
import { canWatchMonitor } from './monitor.policy';
import { breachesNow, lastReplies, operatorLoads, waitingQueues } from './monitor.repo';

/**
 * The contact center right now, for a supervisor: every enabled operator (status, open workspace, load
 * against limit, last reply, dialogs awaiting their answer), the waiting queue of each department and
 * of no department, and the targets missed now. Reads only; `now` is the clock the ages count from.
 */
export async function getMonitor(db: Executor, input: { actor: Actor; now: number }): Promise<Monitor> {
  const { actor, now } = input;
  if (!canWatchMonitor(actor)) throw forbidden('Only administrators and viewers watch the live monitor');
  const businessId = actor.businessId;
  const operators = await listEnabledOperators(db, businessId);
  const ids = operators.map((o) => o.id);
  const [departments, departmentsOf, open, loads, replies, queues, breaches] = await Promise.all([
    listDepartmentsOfBusiness(db, businessId),
    departmentIdsByUser(db, businessId, ids),
    openWorkspaces(db, businessId, now),
    operatorLoads(db, businessId),
    lastReplies(db, businessId, ids),
    waitingQueues(db, businessId, now),
    breachesNow(db, businessId, MONITOR_BREACHES_MAX),
  ]);
  const names = await userNames(
    db,
    breaches.rows.flatMap((b) => (b.assigneeId === null ? [] : [b.assigneeId])),
  );
  const queueOf = (departmentId: number | null) => queues.find((q) => q.departmentId === departmentId);
  return {
    now,
    departments: departments.map((d) => ({ id: d.id, name: d.name })),
    operators: operators.map((o) => ({
      id: o.id,
      name: o.name,
      status: o.status,
      workspaceOpen: open.has(o.id),
      load: loads.get(o.id)?.load ?? 0,
      maxDialogs: o.maxDialogs,
      departmentIds: departmentsOf.get(o.id) ?? [],
      lastReplyAt: replies.get(o.id) ?? null,
      awaitingAnswer: loads.get(o.id)?.awaitingAnswer ?? 0,
    })),
    queues: [...departments.map((d) => ({ id: d.id as number | null, name: d.name })), { id: null, name: '' }].map(({ id, name }) => {
      const q = queueOf(id);
      return { departmentId: id, name, waiting: q?.waiting ?? 0, oldestWaitingSince: q?.oldestWaitingSince ?? null, pastTarget: q?.pastTarget ?? 0 };
    }),
    breached: breaches.rows.map((b) => ({
      dialogId: b.dialogId,
      leadId: b.leadId,
      leadName: b.leadName,
      departmentId: b.departmentId,
      operatorId: b.assigneeId,
      operatorName: b.assigneeId === null ? null : (names.get(b.assigneeId) ?? null),
      target: b.target,
      dueAt: b.dueAt,
    })),
    breachedTotal: breaches.total,
  };
}
