import type { Logger } from 'pino';
import type { EventEnvelope } from '../../contracts/events';
import type { EventBus } from '../realtime/index';
import { DEFAULT_BACKOFF, retryAt, type BackoffPolicy } from './backoff';
import { LeaseLost, RetryAfter, type Lease } from './lease';
import { jobMetrics } from './metrics';
import type { JobQueue } from './queue';

/**
 * What a handler that records its own outcome (the outbox) says about the attempt, for the metrics.
 * A handler that returns nothing succeeded; one that throws is recorded by the runner (queue.fail).
 */
export type Handled = void | 'done' | 'retry' | 'failed' | 'lost';

export interface RunnerOptions<Job> {
  queue: JobQueue<Job>;
  /** Does one claimed job; commits its result through `lease.fenced`. */
  handle(job: Job, lease: Lease): Promise<Handled>;
  clock: () => number;
  log: Logger;
  /** Woken at once by committed events (those `wakeOn` accepts); polling is only the safety net. */
  bus?: EventBus;
  wakeOn?: (e: EventEnvelope) => boolean;
  /** Jobs run at once (of different keys: one key's jobs always run one after another). */
  maxInFlight?: number;
  /** Of those, at most this many of one group (a channel), so one slow receiver cannot hold every slot. */
  maxPerGroup?: number;
  pollMs?: number;
  /** How long a claim holds without renewal: a killed process's jobs are taken over this long after it died. */
  leaseMs?: number;
  /** How often a running job's lease is renewed; well under leaseMs, so a slow database does not lose it. */
  renewMs?: number;
  /** Wake-ups within this many ms are gathered into one pass (one query). */
  batchMs?: number;
  backoff?: BackoffPolicy;
  /** Attempts before a failing job is given up (queue.fail with retryAt null). */
  maxAttempts?: number;
  random?: () => number;
}

export interface Runner {
  /** Polls every pollMs and wakes on the bus. */
  start(): void;
  /**
   * For tests: claims what is due (as free slots allow), runs it and waits for it; with rounds > 1,
   * again for what those jobs made due. Returns how many jobs ran.
   */
  runOnce(rounds?: number): Promise<number>;
  /** Stops waking and waits for the jobs in flight to finish and be recorded. */
  stop(): Promise<void>;
}

export const DEFAULT_LEASE_MS = 10_000;
export const DEFAULT_RENEW_MS = 3_000;

/**
 * Runs the jobs of one queue. Any number of processes may run the same queue: claims, renewals and
 * the final write are compare-and-sets on the lease, so a job is done by one holder at a time and a
 * holder that lost its lease commits nothing. A crashed holder's jobs come back once its short lease
 * expires (leaseMs), since nobody renews it any more.
 */
export function createRunner<Job>(o: RunnerOptions<Job>): Runner {
  const { queue, clock, log } = o;
  const maxInFlight = o.maxInFlight ?? 8;
  const maxPerGroup = o.maxPerGroup === undefined ? undefined : Math.min(o.maxPerGroup, maxInFlight);
  const leaseMs = o.leaseMs ?? DEFAULT_LEASE_MS;
  const renewMs = o.renewMs ?? DEFAULT_RENEW_MS;
  const batchMs = o.batchMs ?? 2;
  const backoff = o.backoff ?? DEFAULT_BACKOFF;
  const maxAttempts = o.maxAttempts ?? Infinity;
  const random = o.random ?? Math.random;
  const labels = { queue: queue.name };

  const inFlight = new Map<number, { key: number; group: number | undefined; done: Promise<void> }>();
  let running = false;
  let passing: Promise<void> | null = null;
  let again = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let soonTimer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;

  /** Keeps the claim alive while the job runs: a compare-and-set from the value we hold to a later one. */
  function holdLease(job: Job, claimed: number) {
    let until = claimed;
    let renewing: Promise<void> | null = null;
    let paused = 0;
    let settled = false;
    const lost = new AbortController();
    const loseIt = () => {
      if (lost.signal.aborted) return;
      lost.abort(new LeaseLost(queue.name, queue.id(job)));
      log.warn({ queue: queue.name, jobId: queue.id(job) }, 'job lease taken over by another worker; its result will not be committed');
    };
    const renew = () => {
      if (renewing || paused > 0 || settled || lost.signal.aborted) return;
      const next = clock() + leaseMs;
      renewing = queue
        .renew(job, until, next)
        .then(
          (ok) => {
            if (ok) until = next;
            else if (!settled) loseIt();
          },
          // A database hiccup is not a lost lease: the next tick tries again, well before it expires.
          (err: unknown) => {
            log.warn({ err, queue: queue.name, jobId: queue.id(job) }, 'could not renew a job lease');
          },
        )
        .finally(() => {
          renewing = null;
        });
    };
    const timer = setInterval(renew, renewMs);
    timer.unref();
    const lease: Lease = {
      get until() {
        return until;
      },
      signal: lost.signal,
      async fenced(fn) {
        paused++;
        try {
          await renewing;
          if (lost.signal.aborted) throw new LeaseLost(queue.name, queue.id(job));
          const r = await fn(until);
          // The commit ended the job (the row is gone or re-armed): a renewal now would only fail.
          settled = true;
          return r;
        } finally {
          paused--;
        }
      },
    };
    return {
      lease,
      release() {
        settled = true;
        clearInterval(timer);
      },
    };
  }

  async function run(job: Job, claimed: number): Promise<void> {
    const started = performance.now();
    jobMetrics.runs.inc(labels);
    const held = holdLease(job, claimed);
    let outcome: Handled;
    try {
      outcome = await o.handle(job, held.lease);
    } catch (err) {
      outcome = err instanceof LeaseLost ? 'lost' : await recordFailure(job, err, held.lease);
    } finally {
      held.release();
      jobMetrics.duration.observe(labels, (performance.now() - started) / 1000);
    }
    if (outcome === 'retry' || outcome === 'failed') jobMetrics.failures.inc(labels);
    if (outcome === 'retry') jobMetrics.retries.inc(labels);
    if (outcome === 'lost' || held.lease.signal.aborted) jobMetrics.leasesLost.inc(labels);
  }

  /** A handler threw: retry after its RetryAfter or the back-off, or give up after maxAttempts. */
  async function recordFailure(job: Job, err: unknown, lease: Lease): Promise<Handled> {
    const attempts = queue.attempts(job) + 1;
    const ctx = { err, queue: queue.name, jobId: queue.id(job), attempts };
    if (!queue.fail) {
      log.error(ctx, 'job failed unrecorded; it is retried when its lease expires');
      return 'failed';
    }
    const retryAfterMs = err instanceof RetryAfter ? err.ms : undefined;
    const at = attempts >= maxAttempts ? null : retryAt({ policy: backoff, failedAttempts: attempts, now: clock(), random: random(), retryAfterMs });
    log.error({ ...ctx, retryAt: at }, 'job failed');
    try {
      const error = err instanceof Error ? err.message : String(err);
      const ok = await lease.fenced((until) => queue.fail!(job, { held: until, error, retryAt: at }));
      if (!ok) return 'lost';
      return at === null ? 'failed' : 'retry';
    } catch (e) {
      if (e instanceof LeaseLost) return 'lost';
      log.error({ err: e, queue: queue.name, jobId: queue.id(job) }, 'could not record a failed job; it is retried when its lease expires');
      return 'failed';
    }
  }

  /** Claims due jobs into free slots and starts them; returns the runs it started. */
  async function pass(): Promise<Promise<void>[]> {
    const started: Promise<void>[] = [];
    // A group at its cap is skipped in the query, so a backlog on one slow receiver cannot fill the
    // page; a few rounds find jobs of other groups further back.
    for (let round = 0; round < 4; round++) {
      const free = maxInFlight - inFlight.size;
      if (free <= 0) break;
      const now = clock();
      const perGroup = new Map<number, number>();
      const busyKeys = new Set<number>();
      for (const f of inFlight.values()) {
        busyKeys.add(f.key);
        if (f.group !== undefined) perGroup.set(f.group, (perGroup.get(f.group) ?? 0) + 1);
      }
      const full = maxPerGroup === undefined ? [] : [...perGroup].filter(([, n]) => n >= maxPerGroup).map(([g]) => g);
      let capped = false;
      for (const job of await queue.listDue(now, free * 4, full)) {
        if (inFlight.size >= maxInFlight) break;
        const id = queue.id(job);
        const key = queue.key(job);
        // Running here already, or another job of its key is: that key's order must hold.
        if (inFlight.has(id) || busyKeys.has(key)) continue;
        const group = queue.group?.(job);
        const inGroup = group === undefined ? 0 : (perGroup.get(group) ?? 0);
        if (maxPerGroup !== undefined && group !== undefined && inGroup >= maxPerGroup) {
          capped = true;
          continue;
        }
        const until = now + leaseMs;
        if (!(await queue.claim(job, now, until))) continue; // another worker took it
        if (queue.heldUntil(job) > 0) {
          jobMetrics.takeovers.inc(labels);
          log.warn({ queue: queue.name, jobId: id }, 'taking over a job whose holder stopped renewing its lease');
        }
        busyKeys.add(key);
        if (group !== undefined) perGroup.set(group, inGroup + 1);
        const done = run(job, until).finally(() => {
          inFlight.delete(id);
          // A freed slot, and maybe the key's next job is now at the head of its queue.
          soon();
        });
        inFlight.set(id, { key, group, done });
        started.push(done);
      }
      if (!capped) break;
    }
    return started;
  }

  // Under load many jobs become due within a few milliseconds: gather them into one pass.
  function soon(): void {
    if (!running || soonTimer) return;
    soonTimer = setTimeout(() => {
      soonTimer = undefined;
      wake();
    }, batchMs);
  }

  /** Runs passes one at a time; a wake-up during a pass runs another right after it. */
  function wake(): void {
    if (!running) return;
    if (passing) {
      again = true;
      return;
    }
    passing = (async () => {
      do {
        again = false;
        // The runs a pass starts go on, tracked in inFlight; stop() waits for them.
        try {
          void (await pass());
        } catch (err) {
          log.error({ err, queue: queue.name }, 'job runner pass failed');
        }
      } while (again && running);
    })().finally(() => {
      passing = null;
    });
  }

  return {
    start() {
      if (running) return;
      running = true;
      if (o.bus) {
        const wakeOn = o.wakeOn;
        unsubscribe = o.bus.subscribe((_businessId, events) => {
          if (!wakeOn || events.some(wakeOn)) soon();
        });
      }
      pollTimer = setInterval(wake, o.pollMs ?? 1_000);
      pollTimer.unref();
      wake();
    },
    async runOnce(rounds = 1) {
      let total = 0;
      for (let round = 0; round < rounds; round++) {
        const started = await pass();
        await Promise.all(started);
        total += started.length;
        if (started.length === 0) break;
      }
      return total;
    },
    async stop() {
      running = false;
      unsubscribe?.();
      clearInterval(pollTimer);
      if (soonTimer) clearTimeout(soonTimer);
      soonTimer = undefined;
      await passing;
      await Promise.all([...inFlight.values()].map((f) => f.done));
    },
  };
}
