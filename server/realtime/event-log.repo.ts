import { sql } from 'kysely';
import type { EventEnvelope, EventType } from '../../contracts/events';
import type { Executor, Tx } from '../storage/db';
import type { PendingEvent } from './events';

/**
 * Appends events inside the writing transaction. The business row's counter is bumped with an
 * UPDATE, which holds that row's lock until commit: sequence order is commit order, with no gaps.
 */
export async function appendEvents(tx: Tx, businessId: number, pending: PendingEvent[], now: number): Promise<EventEnvelope[]> {
  if (pending.length === 0) return [];
  const row = await tx
    .updateTable('businesses')
    .set({ event_seq: sql`event_seq + ${pending.length}` })
    .where('id', '=', businessId)
    .returning('event_seq')
    .executeTakeFirstOrThrow();
  const first = Number(row.event_seq) - pending.length + 1;
  const envelopes = pending.map((e, i) => ({ seq: first + i, type: e.type, data: e.data, at: now }) as EventEnvelope);
  await tx
    .insertInto('events')
    .values(envelopes.map((e) => ({ business_id: businessId, seq: e.seq, type: e.type, data: JSON.stringify(e.data), created_at: now })))
    .execute();
  return envelopes;
}

/** Events after `since`, oldest first, at most `limit`. */
export async function listEventsSince(db: Executor, businessId: number, since: number, limit: number): Promise<EventEnvelope[]> {
  const rows = await db
    .selectFrom('events')
    .select(['seq', 'type', 'data', 'created_at'])
    .where('business_id', '=', businessId)
    .where('seq', '>', since)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ seq: r.seq, type: r.type as EventType, data: JSON.parse(r.data), at: r.created_at }) as EventEnvelope);
}

/** The business's latest committed seq. */
export async function currentSeq(db: Executor, businessId: number): Promise<number> {
  const b = await db.selectFrom('businesses').select('event_seq').where('id', '=', businessId).executeTakeFirst();
  return Number(b?.event_seq ?? 0);
}

/** The business's latest seq and the oldest seq still kept (0 when the log is empty). */
export async function eventLogBounds(db: Executor, businessId: number): Promise<{ latest: number; oldest: number }> {
  const b = await db.selectFrom('businesses').select('event_seq').where('id', '=', businessId).executeTakeFirst();
  const o = await db
    .selectFrom('events')
    .select((eb) => eb.fn.min('seq').as('oldest'))
    .where('business_id', '=', businessId)
    .executeTakeFirst();
  return { latest: Number(b?.event_seq ?? 0), oldest: Number(o?.oldest ?? 0) };
}

/** Drops events older than the retention window; returns how many. */
export async function pruneEvents(db: Executor, before: number): Promise<number> {
  const r = await db.deleteFrom('events').where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
