import type { Logger } from 'pino';
import type { EventData, EventEnvelope } from '../../contracts/events';
import { createRunner } from '../jobs/index';
import type { EventBus } from '../realtime/index';
import { botJobQueue } from '../bots/index';
import { BotCache, handleBotJob, type RuntimeDeps } from './handle-job';

export interface BotWorkerOptions {
  /** Jobs run at once (different leads; a lead's jobs always run one after another). */
  maxInFlight?: number;
  pollMs?: number;
  /** Lease and renewal period (see server/jobs/runner.ts); tests shorten them. */
  leaseMs?: number;
  renewMs?: number;
  random?: () => number;
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

const MAX_ATTEMPTS = 5;

/**
 * Runs bot jobs: answers leads' messages, runs transfer and return scripts, triggers and scheduled
 * scripts. Any number of processes may run one (server/jobs/runner.ts: claimed with a
 * compare-and-set, a short lease renewed while the run goes on, the run's commit fenced on it). A
 * job that fails for a reason other than the user's script (a database error) is retried with
 * back-off, 5 attempts in all.
 */
export function createBotWorker(deps: RuntimeDeps & { bus: EventBus; log: Logger }, opts: BotWorkerOptions = {}): BotWorker {
  const runtime: RuntimeDeps = { ...deps, bots: deps.bots ?? new BotCache() };
  const runner = createRunner({
    queue: botJobQueue(deps.db),
    handle: (job, lease) => handleBotJob(runtime, job, lease),
    clock: deps.clock,
    log: deps.log,
    bus: deps.bus,
    // Jobs are written with the events of the same transaction: these events may mean new work.
    wakeOn: mayQueueJob,
    maxInFlight: opts.maxInFlight ?? 16,
    pollMs: opts.pollMs ?? 1_000,
    leaseMs: opts.leaseMs,
    renewMs: opts.renewMs,
    maxAttempts: MAX_ATTEMPTS,
    random: opts.random,
  });
  return {
    start: () => runner.start(),
    runOnce: () => runner.runOnce(50),
    stop: () => runner.stop(),
  };
}
