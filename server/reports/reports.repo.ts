import { sql } from 'kysely';
import type { Executor } from '../storage/db';
import { readIntColumns } from '../storage/int-columns';
import type { BreachCount, DialogTable, OperatorCount, StatusChange } from './report';

export interface ReportFilter {
  businessId: number;
  from: number;
  to: number;
  botId?: number | undefined;
  channelId?: number | undefined;
  departmentId?: number | undefined;
}

/** The dialogs transferred in the period, as their facts tell it (report_dialogs: one row per dialog, kept in step with its facts). */
export async function dialogTableOf(db: Executor, f: ReportFilter): Promise<DialogTable> {
  let q = db.selectFrom('report_dialogs').where('business_id', '=', f.businessId).where('opened_at', '>=', f.from).where('opened_at', '<', f.to);
  if (f.botId !== undefined) q = q.where('bot_id', '=', f.botId);
  if (f.channelId !== undefined) q = q.where('channel_id', '=', f.channelId);
  if (f.departmentId !== undefined) q = q.where('department_id', '=', f.departmentId);
  // A month is 100,000+ rows: read packed per column, not as an object per row.
  const since = (col: 'assigned_at' | 'responded_at' | 'closed_at' | 'returned_at' | 'last_lead_at') => sql<number | null>`${sql.ref(col)} - opened_at`;
  const { length, columns } = await readIntColumns(db, q, {
    openedAt: sql.ref('opened_at'),
    departmentId: sql.ref('department_id'),
    botId: sql.ref('bot_id'),
    channelId: sql.ref('channel_id'),
    targetSec: sql.ref('target_sec'),
    assigned: since('assigned_at'),
    responded: since('responded_at'),
    responderId: sql.ref('responder_id'),
    closed: since('closed_at'),
    returned: since('returned_at'),
    lastLead: since('last_lead_at'),
    rating: sql.ref('rating'),
  });
  return { length, ...columns };
}

/** Facts of one kind within the period, matching the filter. */
function periodFacts(db: Executor, f: ReportFilter, kinds: string[]) {
  let q = db.selectFrom('report_events').where('business_id', '=', f.businessId).where('kind', 'in', kinds).where('at', '>=', f.from).where('at', '<', f.to);
  if (f.botId !== undefined) q = q.where('bot_id', '=', f.botId);
  if (f.channelId !== undefined) q = q.where('channel_id', '=', f.channelId);
  if (f.departmentId !== undefined) q = q.where('department_id', '=', f.departmentId);
  return q;
}

// The two counts below read the period's facts packed and count them here: SQLite groups by sorting,
// which for a month's 300,000 facts costs four times the reading (PostgreSQL hashes; either way, fine).

/** Missed targets in the period, counted by department, bot, channel and operator. */
export async function breachCounts(db: Executor, f: ReportFilter): Promise<BreachCount[]> {
  const { length, columns: c } = await readIntColumns(db, periodFacts(db, f, ['breached']), {
    departmentId: sql.ref('department_id'),
    botId: sql.ref('bot_id'),
    channelId: sql.ref('channel_id'),
    operatorId: sql.ref('operator_id'),
    value: sql.ref('value'),
  });
  const counts = new Map<string, BreachCount>();
  const id = (x: number): number | null => (Number.isNaN(x) ? null : x);
  for (let i = 0; i < length; i++) {
    const key = `${c.departmentId[i]} ${c.botId[i]} ${c.channelId[i]} ${c.operatorId[i]} ${c.value[i]}`;
    const known = counts.get(key);
    if (known) known.count++;
    else
      counts.set(key, {
        departmentId: id(c.departmentId[i]!),
        botId: id(c.botId[i]!),
        channelId: id(c.channelId[i]!),
        operatorId: id(c.operatorId[i]!),
        value: c.value[i]!,
        count: 1,
      });
  }
  return [...counts.values()];
}

const COUNTED = ['assigned', 'stepped_in', 'closed', 'returned'] as const;

/** Dialogs each operator got, opened, closed and returned in the period. */
export async function operatorCounts(db: Executor, f: ReportFilter): Promise<OperatorCount[]> {
  const facts = periodFacts(db, f, [...COUNTED]).where('operator_id', 'is not', null);
  const { length, columns: c } = await readIntColumns(db, facts, {
    operatorId: sql.ref('operator_id'),
    kind: sql<number>`case kind ${sql.join(
      COUNTED.map((k, i) => sql`when ${sql.lit(k)} then ${sql.lit(i)}`),
      sql` `,
    )} end`,
  });
  const counts = new Map<string, OperatorCount>();
  for (let i = 0; i < length; i++) {
    const key = `${c.operatorId[i]} ${c.kind[i]}`;
    const known = counts.get(key);
    if (known) known.count++;
    else counts.set(key, { operatorId: c.operatorId[i]!, kind: COUNTED[c.kind[i]!]!, count: 1 });
  }
  return [...counts.values()];
}

/** Operators' status changes in the period, and each one's status when it began. */
export async function statusFacts(
  db: Executor,
  businessId: number,
  from: number,
  to: number,
): Promise<{ atStart: Map<number, boolean>; changes: StatusChange[] }> {
  const latestBefore = db
    .selectFrom('report_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('business_id', '=', businessId)
    .where('kind', '=', 'status')
    .where('at', '<', from)
    .groupBy('operator_id');
  const start = await db
    .selectFrom('report_events')
    .select(['operator_id', 'value'])
    .where('business_id', '=', businessId)
    .where('seq', 'in', latestBefore)
    .execute();
  const changes = await db
    .selectFrom('report_events')
    .select(['operator_id', 'at', 'value'])
    .where('business_id', '=', businessId)
    .where('kind', '=', 'status')
    .where('at', '>=', from)
    .where('at', '<', to)
    .orderBy('seq')
    .execute();
  return {
    atStart: new Map(start.map((r) => [Number(r.operator_id), Number(r.value) === 1])),
    changes: changes.map((r) => ({ operatorId: Number(r.operator_id), at: Number(r.at), online: Number(r.value) === 1 })),
  };
}

/** Names of the business's departments, bots, channels and users, for the report's rows. */
export async function reportNames(db: Executor, businessId: number) {
  const [departments, bots, channels, users] = await Promise.all([
    db.selectFrom('departments').select(['id', 'name']).where('business_id', '=', businessId).execute(),
    db.selectFrom('bots').select(['id', 'name']).where('business_id', '=', businessId).execute(),
    db.selectFrom('channels').select(['id', 'name']).where('business_id', '=', businessId).execute(),
    db.selectFrom('users').select(['id', 'name', 'status']).where('business_id', '=', businessId).execute(),
  ]);
  const map = (rows: { id: number; name: string }[]) => new Map(rows.map((r) => [Number(r.id), r.name]));
  return {
    names: { departments: map(departments), bots: map(bots), channels: map(channels), operators: map(users) },
    onlineNow: new Set(users.filter((u) => u.status === 'online').map((u) => Number(u.id))),
  };
}
