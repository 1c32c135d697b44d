import type { Executor } from '../storage/db';

/** A channel's outbox summed up: what got through last, what fails, what waits. */
export interface DeliveryHealthRow {
  lastDeliveredAt: number | null;
  failing: number;
  dead: number;
  waiting: number;
  lastError: string | null;
}

/**
 * The health of one channel's deliveries, read from its outbox rows in two queries. A failing row is
 * dead, or pending after a failed attempt (`first_failed_at` is set by a failure and cleared when Retry
 * re-arms a dead row, so a re-armed row counts as waiting again). The last error is the newest failing
 * row's. Delivered rows are pruned after 7 days, so an older success reads as none.
 */
export async function readDeliveryHealth(db: Executor, channelId: number): Promise<DeliveryHealthRow> {
  const counts = await db
    .selectFrom('outbox')
    .where('channel_id', '=', channelId)
    .select((eb) => [
      eb.fn.max('done_at').as('last_delivered_at'),
      eb.fn
        .countAll()
        .filterWhere((f) => f.or([f('status', '=', 'dead'), f.and([f('status', '=', 'pending'), f('first_failed_at', 'is not', null)])]))
        .as('failing'),
      eb.fn.countAll().filterWhere('status', '=', 'dead').as('dead'),
      eb.fn
        .countAll()
        .filterWhere((f) => f.and([f('status', '=', 'pending'), f('first_failed_at', 'is', null)]))
        .as('waiting'),
    ])
    .executeTakeFirstOrThrow();
  const newestFailure = await db
    .selectFrom('outbox')
    .select('last_error')
    .where('channel_id', '=', channelId)
    .where('last_error', 'is not', null)
    .where((eb) => eb.or([eb('status', '=', 'dead'), eb.and([eb('status', '=', 'pending'), eb('first_failed_at', 'is not', null)])]))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return {
    lastDeliveredAt: counts.last_delivered_at === null ? null : Number(counts.last_delivered_at),
    failing: Number(counts.failing),
    dead: Number(counts.dead),
    waiting: Number(counts.waiting),
    lastError: newestFailure?.last_error ?? null,
  };
}

/** Whether a server process holds the channel's poller lease now (it polls Telegram for the bot's updates). */
export async function pollerActive(db: Executor, channelId: number, now: number): Promise<boolean> {
  const r = await db
    .selectFrom('channel_pollers')
    .select('channel_id')
    .where('channel_id', '=', channelId)
    .where('holder', 'is not', null)
    .where('locked_until', '>', now)
    .executeTakeFirst();
  return r !== undefined;
}
