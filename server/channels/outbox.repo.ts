import type { Selectable } from 'kysely';
import type { Attachment } from '../../contracts/attachments';
import type { UndeliveredStatus } from '../../contracts/channels';
import type { ChannelKind } from '../../contracts/inbox';
import type { MessageCreatedWebhook } from '../../contracts/webhooks';
import type { JobQueue } from '../jobs/index';
import { messagePayload } from '../leads/index';
import type { Executor } from '../storage/db';
import type { Lead, Message, OutboxTable } from '../storage/schema';

/** What a channel's outbound adapter receives for one message to a lead: the API channel's webhook body as documented. */
export type OutgoingPayload = MessageCreatedWebhook;

/**
 * Queues a message for delivery to the lead's messenger in the same transaction that stored it,
 * so a crash between the two can neither lose nor invent a delivery. Returns the message's
 * delivery state: 'none' when the channel has nowhere to deliver (an API channel without a webhook)
 * or the message is an internal note.
 */
export async function queueDelivery(
  tx: Executor,
  lead: Lead,
  message: Message,
  authorName: string | null,
  now: number,
  attachments: Attachment[] = [],
  /** The message's payload, parsed; a caller that already holds it passes it, so it is not parsed twice. */
  parsedPayload?: Record<string, unknown> | null,
): Promise<'pending' | 'none'> {
  // Every way out to a lead passes here: an internal note never leaves the contact center, whoever calls.
  if (message.internal) return 'none';
  const channel = await tx.selectFrom('channels').select(['id', 'kind', 'webhook_url']).where('id', '=', lead.channel_id).executeTakeFirstOrThrow();
  if (channel.kind === 'api' && !channel.webhook_url) return 'none';
  // The widget reads the conversation itself (its socket, and the history on reconnect): nothing to send,
  // and an outbox row would wait forever for an adapter that does not exist ("Queued" on every message).
  // So does the bots screen's test console.
  if (channel.kind === 'widget' || channel.kind === 'console') return 'none';
  const payload: OutgoingPayload = {
    event: 'message.created',
    lead: { id: lead.id, messengerId: lead.messenger_id, name: lead.name, language: lead.language },
    message: {
      id: message.id,
      author: message.author,
      authorName,
      text: message.text,
      payload: parsedPayload === undefined ? messagePayload(message) : parsedPayload,
      createdAt: message.created_at,
      attachments,
    },
  };
  await tx
    .insertInto('outbox')
    .values({
      business_id: lead.business_id,
      channel_id: channel.id,
      lead_id: lead.id,
      message_id: message.id,
      payload: JSON.stringify(payload),
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      locked_until: 0,
      last_error: null,
      created_at: now,
      done_at: null,
    })
    .execute();
  return 'pending';
}

// ---- the delivery worker's side ----

export type OutboxRow = Selectable<OutboxTable>;

/** A due outbox row with what its channel's outbound adapter needs. */
export interface DueDelivery {
  id: number;
  business_id: number;
  channel_id: number;
  lead_id: number;
  message_id: number | null;
  payload: string;
  attempts: number;
  first_failed_at: number | null;
  /** Above 0 when listed: an earlier holder's lease expired before it recorded its attempt. */
  locked_until: number;
  kind: ChannelKind;
  webhook_url: string | null;
  webhook_secret: string;
  config: string;
  credentials: string | null;
}

/**
 * Rows due now on channels of these kinds (but not the skipped ones), oldest first. Only the head of each lead's queue is
 * returned: a row waits while an earlier row of its lead is still pending (in flight or backing
 * off), so a lead never receives message 2 before message 1.
 */
export function listDueDeliveries(db: Executor, o: { now: number; kinds: ChannelKind[]; limit: number; skipChannelIds?: number[] }): Promise<DueDelivery[]> {
  if (o.kinds.length === 0) return Promise.resolve([]);
  let q = db
    .selectFrom('outbox as o')
    .innerJoin('channels as c', 'c.id', 'o.channel_id')
    .select([
      'o.id',
      'o.business_id',
      'o.channel_id',
      'o.lead_id',
      'o.message_id',
      'o.payload',
      'o.attempts',
      'o.first_failed_at',
      'o.locked_until',
      'c.kind',
      'c.webhook_url',
      'c.webhook_secret',
      'c.config',
      'c.credentials',
    ])
    .where('o.status', '=', 'pending')
    .where('o.next_attempt_at', '<=', o.now)
    .where('o.locked_until', '<', o.now)
    .where('c.kind', 'in', o.kinds)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('outbox as earlier')
            .select('earlier.id')
            .whereRef('earlier.lead_id', '=', 'o.lead_id')
            .where('earlier.status', '=', 'pending')
            .whereRef('earlier.id', '<', 'o.id'),
        ),
      ),
    )
    .orderBy('o.id')
    .limit(o.limit);
  if (o.skipChannelIds?.length) q = q.where('o.channel_id', 'not in', o.skipChannelIds);
  return q.execute();
}

/**
 * Compare-and-set claim: true when this caller now holds the row until `lease`. The WHERE repeats
 * every "due" condition, so a stale read (another process took, sent or rescheduled the row
 * since) claims nothing; on PostgreSQL the losing UPDATE re-checks them after the winner commits.
 */
export async function claimDelivery(db: Executor, row: { id: number; attempts: number }, now: number, lease: number): Promise<boolean> {
  const r = await db
    .updateTable('outbox')
    .set({ locked_until: lease })
    .where('id', '=', row.id)
    .where('status', '=', 'pending')
    .where('attempts', '=', row.attempts)
    .where('next_attempt_at', '<=', now)
    .where('locked_until', '<', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Moves the caller's lease from `held` to `until`; false when the row is no longer held with `held`.
 * `locked_until` is the fence value: every claim writes a value above the one it replaced (see
 * renewJob in server/bots/bot-jobs.repo.ts for why no two holders share one).
 */
export async function renewDelivery(db: Executor, id: number, held: number, until: number): Promise<boolean> {
  const r = await db
    .updateTable('outbox')
    .set({ locked_until: until })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('locked_until', '=', held)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records an acknowledged delivery; false when the caller's claim (`lease`) was lost meanwhile. */
export async function markDelivered(db: Executor, id: number, lease: number, now: number): Promise<boolean> {
  const r = await db
    .updateTable('outbox')
    .set((eb) => ({ status: 'done', done_at: now, locked_until: 0, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('locked_until', '=', lease)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records a failed attempt: retry later (pending) or give up (dead); false when the claim was lost. */
export async function markAttemptFailed(
  db: Executor,
  id: number,
  lease: number,
  f: { status: UndeliveredStatus; nextAttemptAt: number; error: string; firstFailedAt: number },
): Promise<boolean> {
  const r = await db
    .updateTable('outbox')
    .set((eb) => ({
      status: f.status,
      next_attempt_at: f.nextAttemptAt,
      last_error: f.error,
      first_failed_at: f.firstFailedAt,
      locked_until: 0,
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('locked_until', '=', lease)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * The outbox as the job runner sees it, for channels of these kinds: a lead's messages one after
 * another, grouped by channel (the per-channel cap). Attempts are recorded by recordDeliveryOutcome.
 */
export function deliveryQueue(db: Executor, kinds: ChannelKind[]): JobQueue<DueDelivery> {
  return {
    name: 'outbox',
    id: (r) => r.id,
    key: (r) => r.lead_id,
    group: (r) => r.channel_id,
    attempts: (r) => r.attempts,
    heldUntil: (r) => r.locked_until,
    listDue: (now, limit, skip) => listDueDeliveries(db, { now, kinds, limit, skipChannelIds: [...skip] }),
    claim: (r, now, until) => claimDelivery(db, r, now, until),
    renew: (r, held, until) => renewDelivery(db, r.id, held, until),
  };
}

// ---- what admins see and do ----

/** A page of a channel's undelivered rows (pending and/or dead), oldest first. */
export async function listChannelDeliveries(
  db: Executor,
  channelId: number,
  o: { status?: UndeliveredStatus | undefined; after?: number | undefined; limit: number },
): Promise<{ rows: OutboxRow[]; hasMore: boolean }> {
  let q = db.selectFrom('outbox').selectAll().where('channel_id', '=', channelId);
  q = o.status ? q.where('status', '=', o.status) : q.where('status', 'in', ['pending', 'dead']);
  if (o.after) q = q.where('id', '>', o.after);
  const rows = await q
    .orderBy('id')
    .limit(o.limit + 1)
    .execute();
  return { rows: rows.slice(0, o.limit), hasMore: rows.length > o.limit };
}

export function findChannelDelivery(db: Executor, channelId: number, deliveryId: number): Promise<OutboxRow | undefined> {
  return db.selectFrom('outbox').selectAll().where('id', '=', deliveryId).where('channel_id', '=', channelId).executeTakeFirst();
}

/** The outbox row carrying a message to its messenger, if it was queued. */
export function findDeliveryOfMessage(db: Executor, businessId: number, messageId: number): Promise<OutboxRow | undefined> {
  return db.selectFrom('outbox').selectAll().where('business_id', '=', businessId).where('message_id', '=', messageId).executeTakeFirst();
}

/**
 * Starts a dead delivery over: due now, attempts and the give-up window restart.
 */
export function rearmDeadDelivery(db: Executor, id: number, now: number): Promise<OutboxRow | undefined> {
  return db
    .updateTable('outbox')
    .set({ status: 'pending', next_attempt_at: now, attempts: 0, first_failed_at: null, locked_until: 0, done_at: null })
    .where('id', '=', id)
    .where('status', '=', 'dead')
    .returningAll()
    .executeTakeFirst();
}

/** Makes a pending delivery due now instead of at the end of its back-off. */
export function retryPendingNow(db: Executor, id: number, now: number): Promise<OutboxRow | undefined> {
  return db.updateTable('outbox').set({ next_attempt_at: now }).where('id', '=', id).where('status', '=', 'pending').returningAll().executeTakeFirst();
}

/** Drops delivered rows older than `before` (the message keeps its delivery state); returns how many. */
export async function pruneDeliveredOutbox(db: Executor, before: number): Promise<number> {
  const r = await db.deleteFrom('outbox').where('status', '=', 'done').where('done_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
