import type { EventData, EventEnvelope } from '../../contracts/events';
import type { ChannelKind } from '../../contracts/inbox';
import type { AppContext } from '../context';
import { LeaseLost, type Lease, createRunner, type Handled } from '../jobs/index';
import { commit } from '../realtime/index';
import { createApiOutbound } from './api/outbound';
import { telegramClients } from './telegram/api';
import { createTelegramOutbound } from './telegram/outbound';
import type { Outbound } from './outbound';
import { deliveryQueue, type DueDelivery } from './outbox.repo';
import { recordDeliveryOutcome } from './record-delivery';

export interface OutboxWorkerOptions {
  /** Requests in flight at once, across all channels. */
  maxInFlight?: number;
  /** Of those, at most this many to one channel, so one slow webhook cannot hold every slot. */
  maxPerChannel?: number;
  pollMs?: number;
  timeoutMs?: number;
  /** Lease and renewal period (see server/jobs/runner.ts); tests shorten them. */
  leaseMs?: number;
  renewMs?: number;
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

export type OutboxWorkerDeps = Pick<AppContext, 'db' | 'bus' | 'clock' | 'log' | 'config' | 'blobs'>;

/**
 * Delivers outbox rows at least once, in order per lead. Any number of processes may run one
 * (server/jobs/runner.ts): rows are claimed with a compare-and-set and a short lease renewed while
 * the request runs, so no row is sent by two at once and a crashed process's rows are sent again
 * within seconds; the attempt's record is fenced on the lease.
 */
export function createOutboxWorker(deps: OutboxWorkerDeps, opts: OutboxWorkerOptions = {}): OutboxWorker {
  const maxInFlight = opts.maxInFlight ?? 8;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const random = opts.random ?? Math.random;
  const adapters = opts.adapters ?? {
    api: createApiOutbound({ allowPrivate: deps.config.WEBHOOK_ALLOW_PRIVATE, timeoutMs }),
    // Paced in this process as Telegram asks (1 message/s per chat, 30/s per bot); its 429s are obeyed across processes.
    telegram: createTelegramOutbound({ ctx: deps, clients: telegramClients({ apiRoot: deps.config.TELEGRAM_API_ROOT, throttle: true }) }),
  };
  const kinds = (Object.keys(adapters) as ChannelKind[]).filter((k) => adapters[k]);

  /** Sends one claimed row and records the result; never rejects (a failure to record leaves the lease to expire). */
  async function send(row: DueDelivery, lease: Lease): Promise<Handled> {
    try {
      const adapter = adapters[row.kind];
      const result = adapter
        ? await adapter({
            deliveryId: row.id,
            body: row.payload,
            channel: {
              id: row.channel_id,
              businessId: row.business_id,
              webhookUrl: row.webhook_url,
              webhookSecret: row.webhook_secret,
              config: row.config,
              credentials: row.credentials,
            },
            now: deps.clock(),
          })
        : { ok: false as const, error: `no outbound adapter for ${row.kind} channels` };
      const { result: settled } = await lease.fenced((held) =>
        commit(deps, row.business_id, (tx) => recordDeliveryOutcome(tx, { row, lease: held, result, now: deps.clock(), random: random() })),
      );
      if (!result.ok) deps.log.warn({ deliveryId: row.id, channelId: row.channel_id, error: result.error, settled }, 'outbox delivery failed');
      return settled === 'dead' ? 'failed' : settled;
    } catch (err) {
      if (err instanceof LeaseLost) return 'lost';
      deps.log.error({ err, deliveryId: row.id }, 'outbox delivery could not be recorded; it is retried when its claim expires');
      return 'failed';
    }
  }

  const runner = createRunner({
    queue: deliveryQueue(deps.db, kinds),
    handle: send,
    clock: deps.clock,
    log: deps.log,
    bus: deps.bus,
    wakeOn: isPendingMessage,
    maxInFlight,
    maxPerGroup: opts.maxPerChannel ?? Math.max(1, Math.floor(maxInFlight / 2)),
    pollMs: opts.pollMs ?? 1_000,
    leaseMs: opts.leaseMs,
    renewMs: opts.renewMs,
    random,
  });
  return {
    start: () => runner.start(),
    runOnce: () => runner.runOnce(),
    stop: () => runner.stop(),
  };
}

/** A message that was just queued (or re-queued by a retry) for a messenger: worth a pass now rather than at the next poll. */
function isPendingMessage(e: EventEnvelope): boolean {
  if (e.type !== 'message.created' && e.type !== 'message.updated') return false;
  return (e.data as EventData<'message.created'>).message.delivery === 'pending';
}
