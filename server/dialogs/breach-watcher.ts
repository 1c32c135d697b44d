// Service targets: a dialog whose first answer (or the answer to the lead's later message) is not given
// by its due time turns "breached" — once, by whichever process gets there first — and the
// `dialog.sla_breached` event shows it in the workspace and counts it in reports. A timer per business
// fires at the next due time; a periodic sweep is the safety net after a restart.
import type { EventEnvelope } from '../../contracts/events';
import type { Dialog, InboxRow } from '../../contracts/inbox';
import type { AppContext } from '../context';
import { commit, event } from '../realtime/index';
import { lockLead } from '../storage/locks';
import { freshView } from './conversation';
import { businessesWithRunningTargets, listOverdue, markMissed, nextDueAt } from './service-targets.repo';

/** The earliest due time an event's dialog shows (read off the event: no query on the message path). */
function dueIn(e: EventEnvelope): number | null {
  const data = e.data as { dialog?: Dialog | null; row?: InboxRow };
  const d = data.dialog ?? data.row?.dialog;
  if (!d || d.breached.length > 0) return null;
  const dues = [d.firstResponseDueAt, d.nextResponseDueAt].filter((t): t is number => t !== null);
  return dues.length ? Math.min(...dues) : null;
}

export interface BreachWatcher {
  /** Marks the business's overdue targets now and arms the timer for the next; returns how many were marked. */
  check(businessId: number): Promise<number>;
  stop(): Promise<void>;
}

export function createBreachWatcher(deps: Pick<AppContext, 'db' | 'bus' | 'clock' | 'log'>, opts: { sweepMs?: number } = {}): BreachWatcher {
  const timers = new Map<number, { timer: NodeJS.Timeout; at: number }>();
  const running = new Map<number, Promise<number>>();
  let stopped = false;

  async function markOverdue(businessId: number): Promise<number> {
    let marked = 0;
    for (const d of await listOverdue(deps.db, businessId, deps.clock())) {
      const { result } = await commit(deps, businessId, async (tx) => {
        await lockLead(tx, d.leadId);
        if (!(await markMissed(tx, d.id, d.target, deps.clock()))) return { result: false, events: [] };
        const v = await freshView(tx, d.leadId, d.id);
        return { result: true, events: [event('dialog.sla_breached', { row: v.row, dialog: v.dialog, target: d.target })] };
      });
      if (result) marked++;
    }
    arm(businessId, await nextDueAt(deps.db, businessId));
    return marked;
  }

  function arm(businessId: number, due: number | null) {
    clearTimeout(timers.get(businessId)?.timer);
    timers.delete(businessId);
    if (due === null || stopped) return;
    const timer = setTimeout(() => void check(businessId), Math.max(0, due - deps.clock()) + 20);
    timer.unref();
    timers.set(businessId, { timer, at: due });
  }

  /** One check per business at a time; a check asked for meanwhile joins the one running. */
  function check(businessId: number): Promise<number> {
    const current = running.get(businessId);
    if (current) return current;
    const done = markOverdue(businessId)
      .catch((err: unknown) => {
        deps.log.warn({ err, businessId }, 'marking missed service targets failed');
        return 0;
      })
      .finally(() => running.delete(businessId));
    running.set(businessId, done);
    return done;
  }

  // A due time earlier than the armed one (a new transfer, the lead's message) moves the timer forward.
  const unsubscribe = deps.bus.subscribe((businessId: number, events: EventEnvelope[]) => {
    if (stopped) return;
    for (const e of events) {
      const due = dueIn(e);
      const armed = timers.get(businessId)?.at;
      if (due !== null && (armed === undefined || due < armed)) arm(businessId, due);
    }
  });
  const sweep = setInterval(() => {
    void businessesWithRunningTargets(deps.db)
      .then((ids) => Promise.all(ids.map((id) => check(id))))
      .catch((err: unknown) => deps.log.warn({ err }, 'the service-target sweep failed'));
  }, opts.sweepMs ?? 30_000);
  sweep.unref();

  return {
    check,
    async stop() {
      stopped = true;
      unsubscribe();
      clearInterval(sweep);
      for (const t of timers.values()) clearTimeout(t.timer);
      timers.clear();
      await Promise.allSettled([...running.values()]);
    },
  };
}
