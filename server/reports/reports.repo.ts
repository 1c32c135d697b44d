import { sql } from 'kysely';
import type { Executor } from '../storage/db';
import type { BreachCount, DialogSummary, OperatorCount, StatusChange } from './report';

export interface ReportFilter {
  businessId: number;
  from: number;
  to: number;
  botId?: number | undefined;
  channelId?: number | undefined;
  departmentId?: number | undefined;
}

const n = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Each dialog transferred in the period with what its facts say, summarised by the database in one
 * range of the (business, opened_at, dialog) index, where each dialog's facts lie side by side: first
 * assignment, first answer and who gave it, end, the lead's last message before the answer, the rating.
 */
export async function dialogSummaries(db: Executor, f: ReportFilter): Promise<DialogSummary[]> {
  let q = db.selectFrom('report_events').where('business_id', '=', f.businessId).where('opened_at', '>=', f.from).where('opened_at', '<', f.to);
  // A dialog's facts all carry its lead's bot and channel; its department is the one it was transferred to.
  if (f.botId !== undefined) q = q.where('bot_id', '=', f.botId);
  if (f.channelId !== undefined) q = q.where('channel_id', '=', f.channelId);
  const first = (kind: string) => sql<number | null>`min(case when kind = ${kind} then at end)`;
  const last = (kind: string, col: 'at' | 'operator_id' | 'value' | 'department_id') =>
    sql<number | null>`max(case when kind = ${kind} then ${sql.ref(col)} end)`;
  let grouped = q
    .select([
      'dialog_id as dialogId',
      'opened_at as openedAt',
      last('opened', 'department_id').as('departmentId'),
      (eb) => eb.fn.max('bot_id').as('botId'),
      (eb) => eb.fn.max('channel_id').as('channelId'),
      last('opened', 'value').as('targetSec'),
      first('assigned').as('assignedAt'),
      first('responded').as('respondedAt'),
      last('responded', 'operator_id').as('responderId'),
      first('closed').as('closedAt'),
      first('returned').as('returnedAt'),
      last('lead_message', 'at').as('lastLeadAt'),
      last('rated', 'value').as('rating'),
    ])
    .groupBy(['opened_at', 'dialog_id'])
    // Transferred dialogs only (one an operator opened never waited).
    .having(sql<number>`max(case when kind = 'opened' then 1 else 0 end)`, '=', 1);
  if (f.departmentId !== undefined) grouped = grouped.having(last('opened', 'department_id'), '=', f.departmentId);
  const rows = await grouped.execute();
  return rows.map((r) => ({
    dialogId: Number(r.dialogId),
    openedAt: Number(r.openedAt),
    departmentId: n(r.departmentId),
    botId: Number(r.botId),
    channelId: Number(r.channelId),
    targetSec: n(r.targetSec),
    assignedAt: n(r.assignedAt),
    respondedAt: n(r.respondedAt),
    responderId: n(r.responderId),
    closedAt: n(r.closedAt),
    returnedAt: n(r.returnedAt),
    lastLeadAt: n(r.lastLeadAt),
    rating: n(r.rating),
  }));
}

/** Facts of one kind within the period, matching the filter. */
function periodFacts(db: Executor, f: ReportFilter, kinds: string[]) {
  let q = db.selectFrom('report_events').where('business_id', '=', f.businessId).where('kind', 'in', kinds).where('at', '>=', f.from).where('at', '<', f.to);
  if (f.botId !== undefined) q = q.where('bot_id', '=', f.botId);
  if (f.channelId !== undefined) q = q.where('channel_id', '=', f.channelId);
  if (f.departmentId !== undefined) q = q.where('department_id', '=', f.departmentId);
  return q;
}

/** Missed targets in the period, counted by department, bot, channel and operator. */
export async function breachCounts(db: Executor, f: ReportFilter): Promise<BreachCount[]> {
  const rows = await periodFacts(db, f, ['breached'])
    .select(['department_id', 'bot_id', 'channel_id', 'operator_id', 'value', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy(['department_id', 'bot_id', 'channel_id', 'operator_id', 'value'])
    .execute();
  return rows.map((r) => ({
    departmentId: n(r.department_id),
    botId: n(r.bot_id),
    channelId: n(r.channel_id),
    operatorId: n(r.operator_id),
    value: Number(r.value),
    count: Number(r.count),
  }));
}

/** Dialogs each operator got, opened, closed and returned in the period. */
export async function operatorCounts(db: Executor, f: ReportFilter): Promise<OperatorCount[]> {
  const rows = await periodFacts(db, f, ['assigned', 'stepped_in', 'closed', 'returned'])
    .where('operator_id', 'is not', null)
    .select(['operator_id', 'kind', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy(['operator_id', 'kind'])
    .execute();
  return rows.map((r) => ({ operatorId: Number(r.operator_id), kind: r.kind as OperatorCount['kind'], count: Number(r.count) }));
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
