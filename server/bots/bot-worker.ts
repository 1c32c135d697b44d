import type { Logger } from 'pino';
import type { EventData, EventEnvelope } from '../../contracts/events';
import type { EventBus } from '../realtime/bus/bus';
import { claimJob, failJob, listDueJobs, type BotJob } from './bot-jobs.repo';
import { BotCache, handleBotJob, type RuntimeDeps } from './interpreter/handle-job';

export interface BotWorkerOptions {
  /** Jobs run at once (different leads; a lead's jobs always run one after another). */
  maxInFlight?: number;
  pollMs?: number;
}

export interface BotWorker {
  start(): void;
  /** One pass for tests: runs every job due now (and those they make due now), then returns how many ran. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/** Events whose transaction may have queued a bot job: a lead's message to the bot, a transfer, a return. */
function mayQueueJob(e: EventEnvelope): boolean {
  if (e.type === 'message.created') {
    const d = e.data as EventData<'message.created'>;
    return d.message.author === 'lead' && d.row.state === 'bot';
  }
  return e.type === 'dialog.created' || e.type === 'dialog.changed' || e.type === 'lead.updated';
}

/** Longer than a run may take (user code is capped well below), so a live claim never expires mid-run. */
const LEASE_MS = 120_000;
const MAX_ATTEMPTS = 5;

/**
 * Runs bot jobs: answers leads' messages, runs transfer and return scripts, triggers and scheduled
 * scripts. Any number of processes may run one; jobs are claimed with a compare-and-set. A job that
 * fails for a reason other than the user's script (a database error) is retried with back-off.
 */
export function createBotWorker(deps: RuntimeDeps & { bus: EventBus; log: Logger }, opts: BotWorkerOptions = {}): BotWorker {
  const maxInFlight = opts.maxInFlight ?? 16;
  const runtime: RuntimeDeps = { ...deps, bots: deps.bots ?? new BotCache() };
  const inFlight = new Map<number, Promise<void>>();
  /** Lead of each job in flight. */
  const leads = new Map<number, number>();
  let running = false;
  let passing: Promise<number> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;

  async function run(job: BotJob): Promise<void> {
    try {
      await handleBotJob(runtime, job);
    } catch (err) {
      const attempts = job.attempts + 1;
      const retryAt = attempts >= MAX_ATTEMPTS ? null : deps.clock() + 1000 * 2 ** attempts;
      deps.log.error({ err, jobId: job.id, kind: job.kind, leadId: job.lead_id, attempts }, 'bot job failed');
      await failJob(deps.db, job, err instanceof Error ? err.message : String(err), retryAt).catch((e: unknown) => deps.log.error({ err: e }, 'could not record a failed bot job'));
    }
  }

  /** Claims due jobs into free slots; returns how many it started. */
  async function pass(): Promise<number> {
    const now = deps.clock();
    const free = maxInFlight - inFlight.size;
    if (free <= 0) return 0;
    let started = 0;
    for (const job of await listDueJobs(deps.db, now, free * 4)) {
      if (inFlight.size >= maxInFlight) break;
      if (inFlight.has(job.id)) continue;
      // Another job of this lead in flight here: its order must hold, leave this one for later.
      if ([...leads.values()].includes(job.lead_id)) continue;
      if (!(await claimJob(deps.db, job, now, now + LEASE_MS))) continue;
      started++;
      leads.set(job.id, job.lead_id);
      inFlight.set(job.id, run(job).finally(() => {
        inFlight.delete(job.id);
        leads.delete(job.id);
        if (running) soon();
      }));
    }
    return started;
  }

  // Under load, many jobs become due within a few milliseconds: gather them into one pass (one
  // query) instead of a pass per event.
  let soonTimer: NodeJS.Timeout | undefined;
  function soon(): void {
    if (!running || soonTimer) return;
    soonTimer = setTimeout(() => { soonTimer = undefined; wake(); }, 2);
  }

  function wake(): void {
    if (!running) return;
    if (passing) {
      again = true;
      return;
    }
    passing = pass().catch((err: unknown) => { deps.log.error({ err }, 'bot worker pass failed'); return 0; });
    void passing.finally(() => {
      passing = null;
      if (again) {
        again = false;
        wake();
      }
    });
  }

  return {
    start() {
      if (running) return;
      running = true;
      // Jobs are written with the events of the same transaction: any event may mean new work.
      unsubscribe = deps.bus.subscribe((_b, events) => { if (events.some(mayQueueJob)) soon(); });
      timer = setInterval(wake, opts.pollMs ?? 1000);
      timer.unref();
      wake();
    },
    async runOnce() {
      let total = 0;
      for (let round = 0; round < 50; round++) {
        const n = await pass();
        await Promise.all(inFlight.values());
        total += n;
        if (n === 0) break;
      }
      return total;
    },
    async stop() {
      running = false;
      unsubscribe?.();
      if (soonTimer) clearTimeout(soonTimer);
      if (timer) clearInterval(timer);
      await passing;
      await Promise.all(inFlight.values());
    },
  };
}
