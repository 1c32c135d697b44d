// Automatic distribution as a business setting (`autoAssign`): the waiting queue drains by itself.
// Every committed event that can mean "an operator has room" or "a dialog now waits" (from this
// process or, through Redis, another) schedules a drain of that business: its waiting dialogs,
// oldest first, each offered to the built-in rule in a transaction of its own under the lead's lock.
// A periodic sweep is only the safety net (events lost while Redis was down, a process that died
// mid-drain); it is never how a dialog normally finds its operator.
import type { EventData, EventEnvelope, EventType } from '../../contracts/events';
import { listDepartmentsOfBusiness, readBusinessSettings, readHoursInForce, type HoursInForce } from '../accounts/index';
import type { AppContext } from '../context';
import {
  businessesWithUnansweredDialogs,
  businessesWithWaitingDialogs,
  formerAssignees,
  getDialog,
  listActiveDialogsOf,
  listUnanswered,
  listWaitingDialogs,
  holdRouting,
  previousOperatorOfLead,
  releaseDialog,
  transferToDepartment,
  type WaitingDialog,
} from '../dialogs/index';
import { AppError } from '../errors';
import { commit, type PendingEvent } from '../realtime/index';
import type { Actor } from '../shared/actor';
import type { Tx } from '../storage/db';
import { lockLead } from '../storage/locks';
import { MAX_TRIES, router } from './router';
import { loadCandidate, loadOperatorView, type OperatorView } from './candidates';
import { chooseOperators, roomIn, type Eligibility } from './pick-operator';
import { routingInput } from './routing-input';
import { appendRoutingLogs, findRoutingScript } from './routing-script.repo';
import { runRoutingScript, type LogLine, type ScriptDecision } from './routing-script';

/** Events after which someone may have room for a waiting dialog, or a dialog may have started waiting. */
const CAPACITY_EVENTS: ReadonlySet<EventType> = new Set([
  'operator.status',
  'operator.capacity',
  'dialog.created',
  'dialog.changed',
  'distribution.changed',
  'distribution.requested',
]);

/** Whether an event may let a waiting dialog find an operator now. The router's own assignments (by nobody) do not. */
function opensRoom(e: EventEnvelope): boolean {
  if (CAPACITY_EVENTS.has(e.type)) return true;
  // A person handing a dialog to another operator leaves room with the one who had it.
  return e.type === 'dialog.assigned' && (e.data as EventData<'dialog.assigned'>).byUserId !== null;
}

/** Waiting dialogs one drain looks at; a longer queue is drained by the drains that follow. */
const BATCH = 200;
/** Passes run again at once, in a row, because an operator's row was held by another transaction (then after a pause: RETRY_MS). */
const MAX_CONTENDED_PASSES = 5;
/**
 * The first pause before a drain is tried again after contended passes or a failure, doubled each time
 * it happens again in a row, up to RETRY_MAX_MS. No event may ever come to wake the queue (another
 * process's router assigning raises none that opens room), so such a drain is never simply dropped.
 */
const RETRY_MS = 250;
const RETRY_MAX_MS = 5_000;
/** Department moves the routing script may ask for one dialog (per process) before the rule takes over. */
const MAX_MOVES = 3;
const ROUTER = (businessId: number): Actor => ({ kind: 'system', businessId, reason: 'router' });

export interface QueueDrainer {
  /** Drains one business now (and again once if something happens meanwhile); resolves when done. */
  drain(businessId: number): Promise<number>;
  /** Resolves once the reactions to the events seen so far (returning an Offline operator's dialogs, drains) are done. */
  idle(): Promise<void>;
  /** Takes back the dialogs whose operator has not answered within `reassignAfterSec` (their department's, else the business's; the drain then hands them on); returns how many. */
  reassignOverdue(businessId: number): Promise<number>;
  stop(): Promise<void>;
}

export function createQueueDrainer(deps: Pick<AppContext, 'db' | 'bus' | 'clock' | 'log' | 'sandbox'>, opts: { sweepMs?: number } = {}): QueueDrainer {
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
      let contendedInARow = 0;
      let retry = false;
      try {
        do {
          state.again = false;
          const pass = await drainOnce(businessId);
          assigned += pass.assigned;
          // An operator another transaction held was skipped: once it commits they may have room again
          // (a router's own assignment raises no event that would wake us), so look again: at once a few
          // times in a row, then after a pause (the holder may be a process the machine starves).
          contendedInARow = pass.contended ? contendedInARow + 1 : 0;
          if (pass.contended && contendedInARow <= MAX_CONTENDED_PASSES) state.again = true;
          retry = pass.contended;
        } while (state.again && !stopped);
      } catch (err) {
        deps.log.error({ err, businessId }, 'draining the waiting queue failed; it is tried again shortly');
        retry = true;
      } finally {
        // In the same step as the last look at `again`: an event from now on starts a drain of its own.
        running.delete(businessId);
      }
      if (retry) retryLater(businessId);
      else settled(businessId);
      return assigned;
    })();
    running.set(businessId, state);
    return state.done;
  }

  /** Per business: the drain tried again after a pause (contended passes, a failure), and that pause. */
  const retries = new Map<number, { timer: NodeJS.Timeout | undefined; pauseMs: number }>();

  function retryLater(businessId: number): void {
    if (stopped) return;
    const last = retries.get(businessId);
    clearTimeout(last?.timer);
    const pauseMs = last ? Math.min(last.pauseMs * 2, RETRY_MAX_MS) : RETRY_MS;
    const timer = setTimeout(() => {
      const r = retries.get(businessId);
      if (r) r.timer = undefined;
      void drain(businessId);
    }, pauseMs);
    timer.unref();
    retries.set(businessId, { timer, pauseMs });
  }

  /** A drain ended with nothing held from it: no retry is due (a whole pass saw what one would). */
  function settled(businessId: number): void {
    clearTimeout(retries.get(businessId)?.timer);
    retries.delete(businessId);
  }

  /** Waiting periods (`dialog:waitingSince`) the routing script has decided once: asked again only when someone has room. */
  const scriptSaw = new Set<string>();
  /** Per dialog, department moves the script asked for in this process: a script bouncing a dialog between departments is stopped. */
  const moves = new Map<number, number>();

  /**
   * One pass over the queue, oldest first; returns how many dialogs got an operator. Every dialog is
   * decided on one view of the operators read at the start of the pass (kept current with the pass's
   * own assignments), outside any transaction; each decision is then committed under the lead's and
   * the operator's locks with the operator counted afresh, so a stale view costs a retry, never a
   * wrong assignment.
   */
  async function drainOnce(businessId: number): Promise<{ assigned: number; contended: boolean }> {
    const settings = await readBusinessSettings(deps.db, businessId);
    // A department may switch distribution on or off for its own dialogs (null: as the business).
    const departments = new Map((await listDepartmentsOfBusiness(deps.db, businessId)).map((d) => [d.id, d]));
    const onFor = (departmentId: number | null) => {
      const own = departmentId === null ? null : (departments.get(departmentId)?.auto_assign ?? null);
      return own === null ? settings.autoAssign : own === 1;
    };
    const now = deps.clock();
    const view = await loadOperatorView(deps.db, businessId, now);
    const script = await findRoutingScript(deps.db, businessId);
    const codes = new Map([...departments.values()].map((d) => [d.id, d.code]));
    const rule: Eligibility = { onlineOnly: !settings.autoAssignOffline, workspaceOnly: settings.autoAssignWorkspaceOnly };
    // Without a script, only dialogs someone has room for are worth reading (the rest wait for the next capacity event).
    const room = roomIn(view, rule);
    if (!script && !room.any) return { assigned: 0, contended: false };
    const only = script ? undefined : { departmentIds: [...room.departments], orNone: true };
    let assigned = 0;
    let contended = false;
    let after: { waitingSince: number; id: number } | undefined;
    // Outside its department's working hours a dialog waits; the pass remembers when the first one opens.
    const open = openAt(await readHoursInForce(deps.db, businessId), now);
    try {
      for (;;) {
        const page = await listWaitingDialogs(deps.db, businessId, { limit: BATCH, after, only });
        for (const d of page) {
          if (stopped) return { assigned, contended };
          if (!open.isOpen(d.department_id)) continue;
          // A dialog the bot asked distribution for (lead.assignDialogToNextOperator) is routed whatever the setting.
          if (d.auto_route === 1 || onFor(d.department_id)) assigned += await offer(d);
        }
        const last = page.at(-1);
        if (page.length < BATCH || !last || stopped) return { assigned, contended };
        after = { waitingSince: last.waiting_since ?? last.created_at, id: last.id };
      }
    } finally {
      armOpening(businessId, open.nextOpening());
    }

    /** Decides one waiting dialog and commits the decision; 1 when it got an operator. */
    async function offer(d: WaitingDialog): Promise<number> {
      const waitingSince = d.waiting_since ?? d.created_at;
      const seen = `${d.id}:${waitingSince}`;
      // The script said "keep waiting": someone else (a CRM, a person) takes it from here.
      if (d.route_held === 1) return 0;
      const hasRoom = chooseOperators(view, { ...rule, departmentId: d.department_id }, 1).length > 0;
      // The script decides each waiting period once, and again whenever someone has room; the rule only when someone has.
      const askScript = script !== undefined && (hasRoom || !scriptSaw.has(seen));
      if (!askScript && !hasRoom) return 0;
      const [exclude, previous] = await Promise.all([
        formerAssignees(deps.db, d.id),
        settings.preferPreviousOperator || askScript ? previousOperatorOfLead(deps.db, d.lead_id, d.id) : null,
      ]);
      const order = chooseOperators(
        view,
        { ...rule, departmentId: d.department_id, excludeOperatorIds: exclude, preferOperatorId: settings.preferPreviousOperator ? previous : null },
        MAX_TRIES,
      );
      let decision: ScriptDecision = { answer: null, lines: [], failed: false };
      if (askScript) {
        if (scriptSaw.size > 50_000) scriptSaw.clear();
        scriptSaw.add(seen);
        const input = await routingInput(deps.db, {
          dialog: { id: d.id, leadId: d.lead_id, departmentId: d.department_id, waitingSince },
          departmentCodes: codes,
          view,
          previousOperatorId: previous,
          suggested: order,
          now,
        });
        decision = await runRoutingScript(deps.sandbox, { businessId, code: script.code, input, allowPrivate: settings.scriptHttpAllowPrivate });
      }
      const { result } = await commit(deps, businessId, async (tx) => {
        await lockLead(tx, d.lead_id);
        // Decided on what was read before the lock: still the same wait, in the same department? (Taken
        // and moved meanwhile, it is another dialog's business: the event of that change drains again.)
        const fresh = await getDialog(tx, d.id);
        if (fresh.state !== 'waiting' || fresh.department_id !== d.department_id || fresh.waiting_since !== d.waiting_since)
          return { result: null, events: [] };
        // Who let it go, read under the lock: one who gave it up a moment ago is not offered it again.
        const letGo = await formerAssignees(tx, d.id);
        const out = await commitDecision(tx, { businessId, dialogId: d.id, departmentId: d.department_id, now: deps.clock(), letGo }, decision, {
          view,
          order: order.filter((o) => !letGo.includes(o.id)),
          rule,
          codes,
        });
        await appendRoutingLogs(tx, { businessId, dialogId: d.id, lines: [...decision.lines, ...out.lines], now: deps.clock() });
        if (out.contended) contended = true;
        return { result: out.operatorId, events: out.events };
      });
      return result !== null ? 1 : 0;
    }
  }

  /** Commits one decision (the script's answer, or the rule's order when it has none or it cannot be used). */
  async function commitDecision(
    tx: Tx,
    d: { businessId: number; dialogId: number; departmentId: number | null; now: number; letGo: readonly number[] },
    decision: ScriptDecision,
    c: { view: OperatorView[]; order: OperatorView[]; rule: Eligibility; codes: ReadonlyMap<number, string> },
  ): Promise<{ operatorId: number | null; events: PendingEvent[]; lines: LogLine[]; contended?: boolean }> {
    const lines: LogLine[] = [];
    const byRule = async () => ({
      ...(await router.assignFirst(tx, { ...c.rule, businessId: d.businessId, dialogId: d.dialogId, now: d.now, order: c.order })),
      lines,
    });
    const a = decision.answer;
    if (a === null) return byRule();
    if ('wait' in a) {
      await holdRouting(tx, d.dialogId);
      lines.push({ level: 'info', message: 'the script keeps the dialog waiting: it is not asked again until the dialog waits anew' });
      return { operatorId: null, events: [], lines };
    }
    if ('departmentCode' in a) {
      if (a.departmentCode === (d.departmentId === null ? null : c.codes.get(d.departmentId))) return byRule();
      const n = (moves.get(d.dialogId) ?? 0) + 1;
      moves.set(d.dialogId, n);
      if (moves.size > 50_000) moves.clear();
      if (n > MAX_MOVES) {
        lines.push({ level: 'error', message: `the script moved this dialog between departments ${MAX_MOVES} times; the built-in rule decides` });
        return byRule();
      }
      try {
        const out = await transferToDepartment(tx, { actor: ROUTER(d.businessId), dialogId: d.dialogId, departmentCode: a.departmentCode, now: d.now });
        // The move is a dialog.changed event: the drain that follows routes it in its new department.
        return { operatorId: null, events: out.events, lines };
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        lines.push({ level: 'warn', message: `the script asked for department "${a.departmentCode}": ${err.message}; the built-in rule decides` });
        return byRule();
      }
    }
    // The script may pick any operator, online or not, with the workspace open or not: it sees their
    // status. Never over their limit, and never one who let this dialog go.
    if (d.letGo.includes(a.operatorId)) {
      lines.push({ level: 'warn', message: `the script chose operator ${a.operatorId}, who let this dialog go; the built-in rule decides` });
      return byRule();
    }
    const attempt = await router.tryAssign(tx, {
      onlineOnly: false,
      workspaceOnly: false,
      businessId: d.businessId,
      dialogId: d.dialogId,
      operatorId: a.operatorId,
      now: d.now,
    });
    const mine = c.view.find((o) => o.id === a.operatorId);
    if (attempt.ok) {
      if (mine) Object.assign(mine, { openDialogs: mine.openDialogs + 1, lastAssignedAt: d.now });
      return { operatorId: a.operatorId, events: attempt.events, lines };
    }
    if (attempt.why === 'not_waiting') return { operatorId: null, events: [], lines };
    // Their row is held by another transaction this instant: the pass runs again and the script is asked again.
    if (attempt.why === 'busy') return { operatorId: null, events: [], lines, contended: true };
    if (mine && attempt.fresh) Object.assign(mine, attempt.fresh);
    const why = !attempt.fresh
      ? 'is not an enabled operator of this business'
      : attempt.why === 'refused'
        ? 'cannot be given this dialog'
        : 'is at their limit';
    lines.push({ level: 'warn', message: `the script chose operator ${a.operatorId}, who ${why}; the built-in rule decides` });
    return byRule();
  }

  /** Per business: the timer of the next opening of a department that has dialogs waiting for it. */
  const openings = new Map<number, NodeJS.Timeout>();

  /** Drains the business when a closed department it has waiting dialogs for opens (the sweep re-arms it after a restart). */
  function armOpening(businessId: number, at: number | null): void {
    clearTimeout(openings.get(businessId));
    openings.delete(businessId);
    if (at === null || stopped) return;
    const t = setTimeout(() => void drain(businessId), Math.max(0, at - deps.clock()) + 50);
    t.unref();
    openings.set(businessId, t);
  }

  /** Per business: the timer of its next reassignment, so a dialog is taken back when it is due, not at the next sweep. */
  const timers = new Map<number, NodeJS.Timeout>();

  /** The business's distribution options as they apply to each department (a department's own, else the business's). */
  async function optionsOf(businessId: number) {
    const [settings, departments] = await Promise.all([readBusinessSettings(deps.db, businessId), listDepartmentsOfBusiness(deps.db, businessId)]);
    const byId = new Map(departments.map((d) => [d.id, d]));
    return {
      /** ms before an unanswered dialog of the department goes to someone else; null: never. */
      reassignMs(departmentId: number | null): number | null {
        const sec = (departmentId === null ? null : byId.get(departmentId)?.reassign_after_sec) ?? settings.reassignAfterSec;
        return sec === null || sec === 0 ? null : sec * 1000;
      },
      offlineDialogs(departmentId: number | null): 'keep' | 'requeue' {
        return (departmentId === null ? null : byId.get(departmentId)?.offline_dialogs) ?? settings.offlineDialogs;
      },
      anyReassign: settings.reassignAfterSec !== null || departments.some((d) => d.reassign_after_sec !== null && d.reassign_after_sec > 0),
      anyRequeue: settings.offlineDialogs === 'requeue' || departments.some((d) => d.offline_dialogs === 'requeue'),
    };
  }

  /**
   * Takes back the dialogs whose operator has not answered within their department's (or the
   * business's) `reassignAfterSec`, and arms the business's timer for the next one due (after a
   * restart the sweep re-arms it). The drain then hands them on.
   */
  async function reassignOverdue(businessId: number): Promise<number> {
    const o = await optionsOf(businessId);
    if (!o.anyReassign) return 0;
    let released = 0;
    let next = Infinity;
    for (const d of await listUnanswered(deps.db, businessId)) {
      const limit = o.reassignMs(d.department_id);
      if (limit === null || d.assignee_id === null || d.assigned_at === null) continue;
      const due = d.assigned_at + limit;
      if (due > deps.clock()) {
        next = Math.min(next, due);
        continue;
      }
      const operatorId = d.assignee_id;
      const { result } = await commit(deps, businessId, async (tx) => {
        await lockLead(tx, d.lead_id);
        return releaseDialog(tx, { businessId, dialogId: d.id, operatorId, reason: 'no_answer', now: deps.clock() });
      });
      if (result) released++;
    }
    clearTimeout(timers.get(businessId));
    timers.delete(businessId);
    if (next !== Infinity && !stopped) {
      const t = setTimeout(
        () => {
          reassignOverdue(businessId).catch((err: unknown) => deps.log.warn({ err, businessId }, 'reassigning unanswered dialogs failed'));
        },
        Math.max(0, next - deps.clock()) + 50,
      );
      t.unref();
      timers.set(businessId, t);
    }
    return released;
  }

  /**
   * With `offlineDialogs: requeue` (the department's, else the business's), an operator who went
   * Offline loses their active dialogs back to Waiting, each in its own transaction under its lead's
   * lock; skipped if they are Online again by then. The dialogs' `dialog.changed` events then drain the queue.
   */
  async function releaseOffline(businessId: number, operatorId: number): Promise<void> {
    const o = await optionsOf(businessId);
    if (!o.anyRequeue) return;
    for (const d of await listActiveDialogsOf(deps.db, businessId, operatorId)) {
      if (o.offlineDialogs(d.department_id) !== 'requeue') continue;
      await commit(deps, businessId, async (tx) => {
        await lockLead(tx, d.lead_id);
        if ((await loadCandidate(tx, businessId, operatorId, deps.clock()))?.status === 'online') return { result: null, events: [] };
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
    // A dialog given to an operator starts the clock of its reassignment; new options re-arm it.
    if (events.some((e) => e.type === 'dialog.assigned' || e.type === 'dialog.created' || e.type === 'distribution.changed')) {
      reassignOverdue(businessId).catch((err: unknown) => deps.log.warn({ err, businessId }, 'scheduling a reassignment failed'));
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
      for (const r of retries.values()) clearTimeout(r.timer);
      retries.clear();
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      for (const t of openings.values()) clearTimeout(t);
      openings.clear();
      await releases;
      await Promise.allSettled([...running.values()].map((r) => r.done));
    },
  };
}

/**
 * Working hours during one pass, each department read once: whether it is open at `now`, and the
 * earliest opening of the closed ones asked about (null: none asked, or none opens within a year).
 */
function openAt(hours: HoursInForce, now: number): { isOpen(departmentId: number | null): boolean; nextOpening(): number | null } {
  const known = new Map<number | null, boolean>();
  let next: number | null = null;
  return {
    isOpen(departmentId) {
      if (!hours.any) return true;
      let open = known.get(departmentId);
      if (open === undefined) {
        open = hours.isOpen(departmentId, now);
        known.set(departmentId, open);
        const opens = open ? null : hours.nextChange(departmentId, now);
        if (opens !== null && (next === null || opens < next)) next = opens;
      }
      return open;
    },
    nextOpening: () => next,
  };
}
