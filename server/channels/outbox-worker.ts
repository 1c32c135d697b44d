import type { EventData, EventEnvelope } from '../../contracts/events';
import type { ChannelKind } from '../../contracts/inbox';
import type { AppContext } from '../context';
import { commit } from '../realtime/commit';
import { createApiOutbound } from './api/outbound';
import type { Outbound } from './outbound';
import { claimDelivery, listDueDeliveries, type DueDelivery } from './outbox.repo';
import { recordDeliveryOutcome } from './record-delivery';

export interface OutboxWorkerOptions {
  /** Requests in flight at once, across all channels. */
  maxInFlight?: number;
  /** Of those, at most this many to one channel, so one slow webhook cannot hold every slot. */
  maxPerChannel?: number;
  pollMs?: number;
  timeoutMs?: number;
  /** Outbound adapter per channel kind; kinds without one are left queued. */
  adapters?: Partial<Record<ChannelKind, Outbound>>;
  random?: () => number;
}

export interface OutboxWorker {
  /** Polls every pollMs and wakes at once on a new pending message from the bus. */
  start(): void;
  /** One pass, for tests: claims what is due (as free slots allow), sends it, and waits for those sends. Returns how many it sent. */
  runOnce(): Promise<number>;
  /** Stops polling and waits for the requests in flight to be recorded. */
  stop(): Promise<void>;
}

export type OutboxWorkerDeps = Pick<AppContext, 'db' | 'bus' | 'clock' | 'log' | 'config'>;

/** Longer than a request can take, so a live claim never expires mid-request; a crashed process's rows come back after it. */
const LEASE_MS = 60_000;

/**
 * Delivers outbox rows at least once, in order per lead. Any number of processes may run one:
 * rows are claimed with a compare-and-set, so no row is sent by two at once.
 */
export function createOutboxWorker(deps: OutboxWorkerDeps, opts: OutboxWorkerOptions = {}): OutboxWorker {
  const maxInFlight = opts.maxInFlight ?? 8;
  const maxPerChannel = Math.min(opts.maxPerChannel ?? Math.max(1, Math.floor(maxInFlight / 2)), maxInFlight);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const random = opts.random ?? Math.random;
  const adapters = opts.adapters ?? { api: createApiOutbound({ allowPrivate: deps.config.WEBHOOK_ALLOW_PRIVATE, timeoutMs }) };
  const kinds = (Object.keys(adapters) as ChannelKind[]).filter((k) => adapters[k]);

  const inFlight = new Map<number, { channelId: number; done: Promise<void> }>();
  let running = false; // started and not stopped
  let passing: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;

  /** Claims due rows into free slots and starts sending them; returns the sends it started. */
  async function pass(): Promise<Promise<void>[]> {
    const started: Promise<void>[] = [];
    // A channel at its cap is skipped in the query, so a backlog on one slow webhook cannot fill
    // every row of the page; a few rounds let rows of other channels further back be found.
    for (let round = 0; round < 4; round++) {
      const free = maxInFlight - inFlight.size;
      if (free <= 0) break;
      const now = deps.clock();
      const perChannel = new Map<number, number>();
      for (const f of inFlight.values()) perChannel.set(f.channelId, (perChannel.get(f.channelId) ?? 0) + 1);
      const full = [...perChannel].filter(([, n]) => n >= maxPerChannel).map(([id]) => id);
      const due = await listDueDeliveries(deps.db, { now, kinds, limit: free * 4, skipChannelIds: full });
      let capped = false;
      for (const row of due) {
        if (maxInFlight - inFlight.size <= 0) break;
        const busy = perChannel.get(row.channel_id) ?? 0;
        if (busy >= maxPerChannel) { capped = true; continue; }
        if (inFlight.has(row.id)) continue;
        const lease = now + LEASE_MS;
        if (!(await claimDelivery(deps.db, row, now, lease))) continue; // another worker took it
        perChannel.set(row.channel_id, busy + 1);
        const done = send(row, lease).finally(() => {
          inFlight.delete(row.id);
          // A freed slot, and maybe the lead's next message is now at the head of its queue.
          if (running) wake();
        });
        inFlight.set(row.id, { channelId: row.channel_id, done });
        started.push(done);
      }
      if (!capped) break;
    }
    return started;
  }

  /** Sends one claimed row and records the result; never rejects (a failure to record leaves the lease to expire). */
  async function send(row: DueDelivery, lease: number): Promise<void> {
    try {
      const adapter = adapters[row.kind];
      const result = adapter
        ? await adapter({ deliveryId: row.id, body: row.payload, channel: { webhookUrl: row.webhook_url, webhookSecret: row.webhook_secret }, now: deps.clock() })
        : { ok: false as const, error: `no outbound adapter for ${row.kind} channels` };
      const { result: settled } = await commit(deps, row.business_id, (tx) =>
        recordDeliveryOutcome(tx, { row, lease, result, now: deps.clock(), random: random() }));
      if (!result.ok) deps.log.warn({ deliveryId: row.id, channelId: row.channel_id, error: result.error, settled }, 'outbox delivery failed');
    } catch (err) {
      deps.log.error({ err, deliveryId: row.id }, 'outbox delivery could not be recorded; it is retried when its claim expires');
    }
  }

  /** Runs passes one at a time; a wake-up during a pass runs another right after it. */
  function wake(): void {
    if (passing) { again = true; return; }
    passing = (async () => {
      do {
        again = false;
        // The sends a pass starts run on, tracked in inFlight; stop() waits for them.
        try { void (await pass()); } catch (err) { deps.log.error({ err }, 'outbox pass failed'); }
      } while (again && running);
    })().finally(() => { passing = null; });
  }

  return {
    start() {
      if (running) return;
      running = true;
      unsubscribe = deps.bus.subscribe((_businessId, events) => { if (events.some(isPendingMessage)) wake(); });
      timer = setInterval(wake, opts.pollMs ?? 1_000);
      timer.unref();
      wake();
    },
    async runOnce() {
      const started = await pass();
      await Promise.all(started);
      return started.length;
    },
    async stop() {
      running = false;
      clearInterval(timer);
      unsubscribe?.();
      await passing;
      await Promise.all([...inFlight.values()].map((f) => f.done));
    },
  };
}

/** A message that was just queued (or re-queued by a retry) for a messenger: worth a pass now rather than at the next poll. */
function isPendingMessage(e: EventEnvelope): boolean {
  if (e.type !== 'message.created' && e.type !== 'message.updated') return false;
  return (e.data as EventData<'message.created'>).message.delivery === 'pending';
}
