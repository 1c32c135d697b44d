import { sql } from 'kysely';
import { EventMap, type EventEnvelope, type EventType, type RealtimeEvent } from '../../contracts/events';
import type { Executor, Tx } from '../storage/db';
import { parseColumn } from '../storage/json-column';
import { prepared } from '../storage/prepared';
import type { PendingEvent } from './events';
import { keepDialogSummary } from './report-dialogs.repo';
import { reportFactOf, type ReportFact } from './report-facts';

// Every change appends here, mostly one event at a time (prepared: see storage/prepared.ts).
const bumpSeq = prepared(['businessId', 'count'], (db, p) =>
  db
    .updateTable('businesses')
    .set({ event_seq: sql`event_seq + ${p.count}` })
    .where('id', '=', p.businessId)
    .returning('event_seq'),
);
const insertEvent = prepared(['business_id', 'seq', 'type', 'data', 'created_at'], (db, p) => db.insertInto('events').values(p));
const insertFact = prepared(
  ['business_id', 'seq', 'at', 'kind', 'dialog_id', 'bot_id', 'channel_id', 'department_id', 'operator_id', 'value', 'opened_at'],
  (db, p) => db.insertInto('report_events').values(p),
);

/**
 * Appends events inside the writing transaction. The business row's counter is bumped with an
 * UPDATE, which holds that row's lock until commit: sequence order is commit order, with no gaps.
 */
export async function appendEvents(tx: Tx, businessId: number, pending: PendingEvent[], now: number): Promise<EventEnvelope[]> {
  if (pending.length === 0) return [];
  const [row] = (await bumpSeq(tx, { businessId, count: pending.length })).rows;
  if (!row) throw new Error(`business ${businessId} not found while appending events`);
  const first = Number(row.event_seq) - pending.length + 1;
  const envelopes = pending.map((e, i) => ({ seq: first + i, type: e.type, data: e.data, at: now }) as EventEnvelope);
  const rows = envelopes.map((e) => ({ business_id: businessId, seq: e.seq, type: e.type, data: JSON.stringify(e.data), created_at: now }));
  const [only] = rows;
  if (rows.length === 1 && only) await insertEvent(tx, only);
  else await tx.insertInto('events').values(rows).execute();
  for (const e of envelopes) {
    const f = reportFactOf(e as RealtimeEvent);
    if (!f) continue;
    await insertFact(tx, factRow(businessId, f));
    await keepDialogSummary(tx, businessId, f);
  }
  return envelopes;
}

function factRow(businessId: number, f: ReportFact) {
  return {
    business_id: businessId,
    seq: f.seq,
    at: f.at,
    kind: f.kind,
    dialog_id: f.dialogId,
    bot_id: f.botId,
    channel_id: f.channelId,
    department_id: f.departmentId,
    operator_id: f.operatorId,
    value: f.value,
    opened_at: f.openedAt,
  };
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
  return rows.map((r) => envelopeOf(businessId, r));
}

const isEventType = (type: string): type is EventType => Object.hasOwn(EventMap, type);

/** A stored event checked against the event map: a row that does not fit throws, naming it, rather than reach clients. */
function envelopeOf(businessId: number, r: { seq: number; type: string; data: string; created_at: number }): EventEnvelope {
  const what = `event ${r.seq} of business ${businessId}`;
  if (!isEventType(r.type)) throw new Error(`stored events.type of ${what} is not an event type: ${JSON.stringify(r.type)}`);
  // The map's schema for this type checked the data, so the envelope is that type's; TypeScript cannot pair the two.
  return { seq: r.seq, type: r.type, data: parseColumn(EventMap[r.type], r.data, `events.data of ${what}`), at: r.created_at } as EventEnvelope;
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

/**
 * Drops events older than the retention window; returns how many. The log has no index by time (one
 * b-tree fewer written per message): a business's events are found by seq, whose times grow with it,
 * so the first one to keep is a binary search over the key (a clock stepped back moves the cut by
 * the step, no more).
 */
export async function pruneEvents(db: Executor, before: number): Promise<number> {
  const businesses = await db.selectFrom('businesses').select(['id', 'event_seq']).execute();
  let dropped = 0;
  for (const b of businesses) {
    const keep = await firstSeqAtOrAfter(db, b.id, Number(b.event_seq), before);
    if (keep === null) continue;
    const r = await db.deleteFrom('events').where('business_id', '=', b.id).where('seq', '<', keep).executeTakeFirst();
    dropped += Number(r.numDeletedRows);
  }
  return dropped;
}

/** The lowest seq of the business's log made at or after `at` (latest + 1 if none); null: the log is empty or all of it is kept. */
async function firstSeqAtOrAfter(db: Executor, businessId: number, latest: number, at: number): Promise<number | null> {
  const oldest = async (from: number) =>
    db
      .selectFrom('events')
      .select(['seq', 'created_at'])
      .where('business_id', '=', businessId)
      .where('seq', '>=', from)
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
  const first = await oldest(0);
  if (!first || first.created_at >= at) return null;
  // Invariant: the event at or after `lo` is older than `at`; nothing at or after `hi` is.
  let lo = Number(first.seq);
  let hi = latest + 1;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const e = await oldest(mid);
    if (e && e.created_at < at) lo = Number(e.seq);
    else hi = mid;
  }
  return hi;
}
