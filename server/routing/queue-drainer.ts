// Automatic distribution as a business setting (`autoAssign`): the waiting queue drains by itself.
// Every committed event that can mean "an operator has room" or "a dialog now waits" (from this
// process or, through Redis, another) schedules a drain of that business: its waiting dialogs,
// oldest first, each offered to the built-in rule in a transaction of its own under the lead's lock.
// A periodic sweep is only the safety net (events lost while Redis was down, a process that died
// mid-drain); it is never how a dialog normally finds its operator.
import type { EventData, EventEnvelope, EventType } from '../../contracts/events';
import { listDepartmentsOfBusiness, readBusinessSettings } from '../accounts/index';
import type { AppContext } from '../context';
import {
  businessesWithUnansweredDialogs,
  businessesWithWaitingDialogs,
  formerAssignees,
  listActiveDialogsOf,
  listUnansweredSince,
  listWaitingDialogs,
  oldestUnansweredAssignment,
  previousOperatorOfLead,
  releaseDialog,
} from '../dialogs/index';
import { commit } from '../realtime/index';
import { lockLead } from '../storage/locks';
import { router } from './router';
import { loadCandidate } from './candidates';

/** Events after which someone may have room for a waiting dialog, or a dialog may have started waiting. */
const CAPACITY_EVENTS: ReadonlySet<EventType> = new Set(['operator.status', 'operator.capacity', 'dialog.created', 'dialog.changed', 'distribution.changed']);

/** Whether an event may let a waiting dialog find an operator now. The router's own assignments (by nobody) do not. */
function opensRoom(e: EventEnvelope): boolean {
  if (CAPACITY_EVENTS.has(e.type)) return true;
  // A person handing a dialog to another operator leaves room with the one who had it.
  return e.type === 'dialog.assigned' && (e.data as EventData<'dialog.assigned'>).byUserId !== null;
}

/** Waiting dialogs one drain looks at; a longer queue is drained by the drains that follow. */
const BATCH = 200;

export interface QueueDrainer {
  /** Drains one business now (and again once if something happens meanwhile); resolves when done. */
  drain(businessId: number): Promise<number>;
  /** Resolves once the reactions to the events seen so far (returning an Offline operator's dialogs, drains) are done. */
  idle(): Promise<void>;
  /** Takes back the dialogs whose operator has not answered within `reassignAfterSec` (the drain then hands them on); returns how many. */
  reassignOverdue(businessId: number): Promise<number>;
  stop(): Promise<void>;
}

export function createQueueDrainer(deps: Pick<AppContext, 'db' | 'bus' | 'clock' | 'log'>, opts: { sweepMs?: number } = {}): QueueDrainer {
  /** Per business: the drain running now, and whether another must follow it (something happened meanwhile). */
  const running = new Map<number, { done: Promise<number>; again: boolean }>();
  let stopped = false;

  function drain(businessId: number): Promise<number> {
    const current = running.get(businessId);
    if (current) {
      current.again = true;
      return current.done;
    }
    const state = { again: false, done: Promise.resolve(0) };
    state.done = (async () => {
      let assigned = 0;
      do {
        state.again = false;
        assigned += await drainOnce(businessId);
      } while (state.again && !stopped);
      return assigned;
    })()
      .catch((err: unknown) => {
        deps.log.error({ err, businessId }, 'draining the waiting queue failed; the next event or sweep tries again');
        return 0;
      })
      .finally(() => running.delete(businessId));
    running.set(businessId, state);
    return state.done;
  }

  /** One pass over the queue; returns how many dialogs got an operator. */
  async function drainOnce(businessId: number): Promise<number> {
    const settings = await readBusinessSettings(deps.db, businessId);
    // A department may switch distribution on or off for its own dialogs (null: as the business).
    const departments = new Map((await listDepartmentsOfBusiness(deps.db, businessId)).map((d) => [d.id, d]));
    const onFor = (departmentId: number | null) => {
      const own = departmentId === null ? null : (departments.get(departmentId)?.auto_assign ?? null);
      return own === null ? settings.autoAssign : own === 1;
    };
    if (!settings.autoAssign && ![...departments.values()].some((d) => d.auto_assign === 1)) return 0;
    let assigned = 0;
    for (const d of await listWaitingDialogs(deps.db, businessId, BATCH)) {
      if (stopped) break;
      if (!onFor(d.department_id)) continue;
      const departmentCode = d.department_id === null ? null : (departments.get(d.department_id)?.code ?? null);
      const { result } = await commit(deps, businessId, async (tx) => {
        await lockLead(tx, d.lead_id);
        const preferOperatorId = settings.preferPreviousOperator ? await previousOperatorOfLead(tx, d.lead_id, d.id) : null;
        // Whoever had this dialog and let it go (went offline, did not answer) is not given it again.
        const excludeOperatorIds = await formerAssignees(tx, d.id);
        const r = await router.assignNext(tx, {
          businessId,
          departmentCode,
          onlineOnly: !settings.autoAssignOffline,
          dialogId: d.id,
          now: deps.clock(),
          preferOperatorId,
          excludeOperatorIds,
        });
        return { result: r.operatorId, events: r.events };
      });
      if (result !== null) assigned++;
    }
    return assigned;
  }

  /** Per business: the timer of its next reassignment, so a dialog is taken back when it is due, not at the next sweep. */
  const timers = new Map<number, NodeJS.Timeout>();

  async function reassignOverdue(businessId: number): Promise<number> {
    const settings = await readBusinessSettings(deps.db, businessId);
    if (settings.reassignAfterSec === null) return 0;
    const limitMs = settings.reassignAfterSec * 1000;
    let released = 0;
    for (const d of await listUnansweredSince(deps.db, businessId, deps.clock() - limitMs)) {
      if (d.assignee_id === null) continue;
      const operatorId = d.assignee_id;
      const { result } = await commit(deps, businessId, async (tx) => {
        await lockLead(tx, d.lead_id);
        return releaseDialog(tx, { businessId, dialogId: d.id, operatorId, reason: 'no_answer', now: deps.clock() });
      });
      if (result) released++;
    }
    await scheduleReassignment(businessId, limitMs);
    return released;
  }

  /** Arms the business's timer for its oldest unanswered dialog (after a restart the sweep re-arms it). */
  async function scheduleReassignment(businessId: number, limitMs: number): Promise<void> {
    clearTimeout(timers.get(businessId));
    timers.delete(businessId);
    const oldest = await oldestUnansweredAssignment(deps.db, businessId);
    if (oldest === null || stopped) return;
    const dueIn = Math.max(0, oldest + limitMs - deps.clock()) + 50;
    const t = setTimeout(() => {
      reassignOverdue(businessId).catch((err: unknown) => deps.log.warn({ err, businessId }, 'reassigning unanswered dialogs failed'));
    }, dueIn);
    t.unref();
    timers.set(businessId, t);
  }

  /**
   * With `offlineDialogs: requeue`, an operator who went Offline loses their active dialogs back to
   * Waiting, each in its own transaction under its lead's lock; skipped if they are Online again by
   * then. The dialogs' `dialog.changed` events then drain the queue.
   */
  async function releaseOffline(businessId: number, operatorId: number): Promise<void> {
    const settings = await readBusinessSettings(deps.db, businessId);
    if (settings.offlineDialogs !== 'requeue') return;
    for (const d of await listActiveDialogsOf(deps.db, businessId, operatorId)) {
      await commit(deps, businessId, async (tx) => {
        await lockLead(tx, d.lead_id);
        if ((await loadCandidate(tx, businessId, operatorId))?.status === 'online') return { result: null, events: [] };
        return releaseDialog(tx, { businessId, dialogId: d.id, operatorId, reason: 'offline', now: deps.clock() });
      });
    }
  }
  /** Releases run one after another per process, so a burst of sign-outs does not flood the database. */
  let releases = Promise.resolve();

  const unsubscribe = deps.bus.subscribe((businessId: number, events: EventEnvelope[]) => {
    if (stopped) return;
    for (const e of events) {
      if (e.type !== 'operator.status') continue;
      const { userId, status } = e.data as EventData<'operator.status'>;
      if (status !== 'offline') continue;
      releases = releases
        .then(() => releaseOffline(businessId, userId))
        .catch((err: unknown) => deps.log.error({ err, businessId, userId }, "returning an offline operator's dialogs to the queue failed"));
    }
    if (events.some(opensRoom)) void drain(businessId);
    // A dialog given to an operator starts the clock of its reassignment.
    if (events.some((e) => e.type === 'dialog.assigned' || e.type === 'dialog.created')) {
      readBusinessSettings(deps.db, businessId)
        .then((s) => (s.reassignAfterSec === null ? undefined : scheduleReassignment(businessId, s.reassignAfterSec * 1000)))
        .catch((err: unknown) => deps.log.warn({ err, businessId }, 'scheduling a reassignment failed'));
    }
  });
  const sweep = setInterval(() => {
    void businessesWithWaitingDialogs(deps.db)
      .then((ids) => Promise.all(ids.map((id) => drain(id))))
      .then(() => businessesWithUnansweredDialogs(deps.db))
      .then((ids) => Promise.all(ids.map((id) => reassignOverdue(id))))
      .catch((err: unknown) => deps.log.warn({ err }, 'the waiting-queue sweep failed'));
  }, opts.sweepMs ?? 30_000);
  sweep.unref();

  return {
    drain,
    reassignOverdue,
    async idle() {
      await releases;
      await Promise.allSettled([...running.values()].map((r) => r.done));
    },
    async stop() {
      stopped = true;
      unsubscribe();
      clearInterval(sweep);
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      await releases;
      await Promise.allSettled([...running.values()].map((r) => r.done));
    },
  };
}
