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

/** Each dialog transferred in the period, as its facts tell it (report_dialogs: one row per dialog, kept in step with its facts). */
export async function dialogSummaries(db: Executor, f: ReportFilter): Promise<DialogSummary[]> {
  let q = db
    .selectFrom('report_dialogs')
    .select([
      'dialog_id',
      'opened_at',
      'department_id',
      'bot_id',
      'channel_id',
      'target_sec',
      'assigned_at',
      'responded_at',
      'responder_id',
      'closed_at',
      'returned_at',
      'last_lead_at',
      'rating',
    ])
    .where('business_id', '=', f.businessId)
    .where('opened_at', '>=', f.from)
    .where('opened_at', '<', f.to);
  if (f.botId !== undefined) q = q.where('bot_id', '=', f.botId);
  if (f.channelId !== undefined) q = q.where('channel_id', '=', f.channelId);
  if (f.departmentId !== undefined) q = q.where('department_id', '=', f.departmentId);
  const rows = await q.execute();
  return rows.map((r) => ({
    dialogId: Number(r.dialog_id),
    openedAt: Number(r.opened_at),
    departmentId: n(r.department_id),
    botId: Number(r.bot_id),
    channelId: Number(r.channel_id),
    targetSec: n(r.target_sec),
    assignedAt: n(r.assigned_at),
    respondedAt: n(r.responded_at),
    responderId: n(r.responder_id),
    closedAt: n(r.closed_at),
    returnedAt: n(r.returned_at),
    lastLeadAt: n(r.last_lead_at),
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
