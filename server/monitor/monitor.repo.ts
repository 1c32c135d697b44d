import { sql } from 'kysely';
import type { ServiceTarget } from '../../contracts/inbox';
import type { Executor } from '../storage/db';

/** An operator's active dialogs now: how many, and in how many the lead waits for their answer. */
export interface OperatorLoad {
  load: number;
  awaitingAnswer: number;
}

/**
 * Per assignee, their active dialogs and those waiting for their answer: the lead has the last word
 * (the lead row's last message), or no operator has answered in the dialog yet (a bot's "please wait"
 * may have come after the lead's message).
 */
export async function operatorLoads(db: Executor, businessId: number): Promise<Map<number, OperatorLoad>> {
  const rows = await db
    .selectFrom('dialogs')
    .innerJoin('leads', 'leads.id', 'dialogs.lead_id')
    .select([
      'dialogs.assignee_id as userId',
      (eb) => eb.fn.countAll<number>().as('load'),
      sql<number>`sum(case when ${sql.ref('leads.last_message_author')} = 'lead' or ${sql.ref('dialogs.first_response_at')} is null then 1 else 0 end)`.as(
        'awaiting',
      ),
    ])
    .where('dialogs.business_id', '=', businessId)
    .where('dialogs.state', '=', 'active')
    .where('dialogs.assignee_id', 'is not', null)
    .groupBy('dialogs.assignee_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.userId), { load: Number(r.load), awaitingAnswer: Number(r.awaiting) }]));
}

/**
 * When each operator last answered a lead: their newest message that is not an internal note. One
 * indexed look-up per operator (messages_operator_replies), whatever the length of the history; only
 * operators' messages and notes carry author_user_id.
 */
export async function lastReplies(db: Executor, businessId: number, userIds: number[]): Promise<Map<number, number>> {
  const found = await Promise.all(
    userIds.map(async (userId) => {
      // Newest first, one row: the index is walked from its end (a max() would read all their replies).
      const r = await db
        .selectFrom('messages')
        .select('created_at')
        .where('author_user_id', '=', userId)
        .where('internal', '=', 0)
        .where('business_id', '=', businessId)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return [userId, r === undefined ? null : Number(r.created_at)] as const;
    }),
  );
  return new Map(found.filter((f): f is readonly [number, number] => f[1] !== null));
}

/** A department's waiting dialogs now (departmentId null: of no department). */
export interface QueueFigures {
  departmentId: number | null;
  waiting: number;
  oldestWaitingSince: number | null;
  pastTarget: number;
}

/** The waiting queue per department: how many, since when the oldest, how many past their first-response target at `now`. */
export async function waitingQueues(db: Executor, businessId: number, now: number): Promise<QueueFigures[]> {
  const rows = await db
    .selectFrom('dialogs')
    .select([
      'department_id as departmentId',
      (eb) => eb.fn.countAll<number>().as('waiting'),
      (eb) => eb.fn.min(sql<number>`coalesce(${sql.ref('waiting_since')}, ${sql.ref('created_at')})`).as('oldest'),
      sql<number>`sum(case when ${sql.ref('first_response_due_at')} <= ${now} then 1 else 0 end)`.as('pastTarget'),
    ])
    .where('business_id', '=', businessId)
    .where('state', '=', 'waiting')
    .groupBy('department_id')
    .execute();
  return rows.map((r) => ({
    departmentId: r.departmentId === null ? null : Number(r.departmentId),
    waiting: Number(r.waiting),
    oldestWaitingSince: r.oldest === null ? null : Number(r.oldest),
    pastTarget: Number(r.pastTarget ?? 0),
  }));
}

/** A target missed now and not answered yet. */
export interface BreachRow {
  dialogId: number;
  leadId: number;
  leadName: string;
  departmentId: number | null;
  assigneeId: number | null;
  target: ServiceTarget;
  dueAt: number;
}

/**
 * The dialogs in breach now, longest overdue first (at most `limit`), and how many there are: a first
 * answer missed and still not given on an open dialog, or a next answer missed and still pending.
 */
export async function breachesNow(db: Executor, businessId: number, limit: number): Promise<{ rows: BreachRow[]; total: number }> {
  const base = db
    .selectFrom('dialogs')
    .innerJoin('leads', 'leads.id', 'dialogs.lead_id')
    .where('dialogs.business_id', '=', businessId)
    .select([
      'dialogs.id as dialogId',
      'dialogs.lead_id as leadId',
      'leads.name as leadName',
      'dialogs.department_id as departmentId',
      'dialogs.assignee_id as assigneeId',
    ]);
  const first = base
    .select([sql<ServiceTarget>`'first_response'`.as('target'), 'dialogs.first_response_due_at as dueAt'])
    .where('dialogs.first_response_breached', '=', 1)
    .where('dialogs.first_response_at', 'is', null)
    // Open dialogs only, named so the (business, state) index finds them among years of closed ones.
    .where('dialogs.state', 'in', ['waiting', 'active'])
    .where('dialogs.first_response_due_at', 'is not', null);
  const next = base
    .select([sql<ServiceTarget>`'next_response'`.as('target'), 'dialogs.next_response_due_at as dueAt'])
    .where('dialogs.next_response_breached', '=', 1)
    .where('dialogs.next_response_due_at', 'is not', null);
  const all = first.unionAll(next);
  const [rows, count] = await Promise.all([
    db.selectFrom(all.as('b')).selectAll().orderBy('dueAt').orderBy('dialogId').limit(limit).execute(),
    db
      .selectFrom(all.as('b'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    rows: rows.map((r) => ({
      dialogId: Number(r.dialogId),
      leadId: Number(r.leadId),
      leadName: r.leadName,
      departmentId: r.departmentId === null ? null : Number(r.departmentId),
      assigneeId: r.assigneeId === null ? null : Number(r.assigneeId),
      target: r.target,
      dueAt: Number(r.dueAt),
    })),
  };
}
