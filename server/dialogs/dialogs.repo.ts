import type { Executor } from '../storage/db';
import type { Dialog, DialogsTable } from '../storage/schema';
import { sql, type Insertable, type Updateable } from 'kysely';
import { prepared } from '../storage/prepared';

export function findDialog(db: Executor, businessId: number, dialogId: number): Promise<Dialog | undefined> {
  return db.selectFrom('dialogs').selectAll().where('id', '=', dialogId).where('business_id', '=', businessId).executeTakeFirst();
}

/** A dialog by id, for code that holds its id from a row of this business. */
export function getDialog(db: Executor, dialogId: number): Promise<Dialog> {
  return db.selectFrom('dialogs').selectAll().where('id', '=', dialogId).executeTakeFirstOrThrow();
}

// An operator's answer: the first one is kept for reports, and the lead's pending message is answered.
const markAnswered = prepared(['dialogId', 'now'], (db, p) =>
  db
    .updateTable('dialogs')
    .set({ first_response_at: sql`coalesce(first_response_at, ${p.now})`, next_response_due_at: null, next_response_breached: 0 })
    .where('id', '=', p.dialogId)
    .where((eb) => eb.or([eb('first_response_at', 'is', null), eb('next_response_due_at', 'is not', null)])),
);

/** The operators answered the lead: the first answer's time is kept (set once), and nothing waits for a next response. */
export async function markOperatorAnswer(tx: Executor, dialogId: number, now: number): Promise<void> {
  await markAnswered(tx, { dialogId, now });
}

// The lead wrote to an answered dialog with an operator: the next-response clock starts, unless it runs already.
const startNextResponse = prepared(['dialogId', 'now'], (db, p) =>
  db
    .updateTable('dialogs')
    .set({ next_response_due_at: sql`cast(${p.now} as bigint) + next_response_sec * 1000` })
    .where('id', '=', p.dialogId)
    .where('state', '=', 'active')
    .where('first_response_at', 'is not', null)
    .where('next_response_sec', 'is not', null)
    .where('next_response_due_at', 'is', null),
);

/** Starts the next-response target's clock for a message of the lead (a no-op without a target or when one runs). */
export async function startNextResponseClock(tx: Executor, dialogId: number, now: number): Promise<void> {
  await startNextResponse(tx, { dialogId, now });
}

export function insertDialog(tx: Executor, d: Insertable<DialogsTable>): Promise<Dialog> {
  return tx.insertInto('dialogs').values(d).returningAll().executeTakeFirstOrThrow();
}

/**
 * Compare-and-set claim: the dialog becomes the operator's only if it is still waiting.
 * Returns undefined when someone else got there first.
 */
export function takeIfWaiting(tx: Executor, dialogId: number, operatorId: number, now: number): Promise<Dialog | undefined> {
  return tx
    .updateTable('dialogs')
    .set({ state: 'active', assignee_id: operatorId, assigned_at: now })
    .where('id', '=', dialogId)
    .where('state', '=', 'waiting')
    .returningAll()
    .executeTakeFirst();
}

export function updateDialog(tx: Executor, dialogId: number, patch: Updateable<DialogsTable>): Promise<Dialog> {
  return tx.updateTable('dialogs').set(patch).where('id', '=', dialogId).returningAll().executeTakeFirstOrThrow();
}

export async function addMember(
  tx: Executor,
  m: { dialogId: number; userId: number; businessId: number; kind: 'assignee' | 'invited'; now: number },
): Promise<void> {
  await tx
    .insertInto('dialog_members')
    .values({ dialog_id: m.dialogId, user_id: m.userId, business_id: m.businessId, kind: m.kind, joined_at: m.now, left_at: null })
    .execute();
}

/** Marks operators as having left the dialog (all of them when userIds is omitted). */
export async function removeMembers(tx: Executor, dialogId: number, now: number, userIds?: number[]): Promise<void> {
  let q = tx.updateTable('dialog_members').set({ left_at: now }).where('dialog_id', '=', dialogId).where('left_at', 'is', null);
  if (userIds) q = q.where('user_id', 'in', userIds);
  await q.execute();
}

/** Open dialogs each operator is in: the load that limits and routing look at. */
export async function openDialogCounts(db: Executor, userIds: number[]): Promise<Map<number, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('dialog_members')
    .innerJoin('dialogs', 'dialogs.id', 'dialog_members.dialog_id')
    .select(['dialog_members.user_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('dialog_members.user_id', 'in', userIds)
    .where('dialog_members.left_at', 'is', null)
    .where('dialogs.state', '=', 'active')
    .groupBy('dialog_members.user_id')
    .execute();
  return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
}

/**
 * A page of a lead's dialogs, newest first (older than dialog `before`), with the ids of everyone who was
 * ever in them (join order); one extra row tells whether more exist.
 */
export async function listLeadDialogs(db: Executor, businessId: number, leadId: number, page: { before?: number | undefined; limit: number }) {
  let q = db.selectFrom('dialogs').selectAll().where('business_id', '=', businessId).where('lead_id', '=', leadId);
  if (page.before !== undefined) q = q.where('id', '<', page.before);
  const found = await q
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const dialogs = found.slice(0, page.limit);
  const ids = dialogs.map((d) => d.id);
  const members = ids.length
    ? await db
        .selectFrom('dialog_members')
        .select(['dialog_id', 'left_at', 'user_id as id'])
        .where('dialog_id', 'in', ids)
        .orderBy('joined_at')
        .orderBy('user_id')
        .execute()
    : [];
  return { rows: dialogs.map((d) => ({ dialog: d, members: members.filter((m) => m.dialog_id === d.id) })), hasMore: found.length > page.limit };
}

/** Open dialogs' assignees' latest assignment times: who waited longest since their last dialog. */
export async function lastAssignedAt(db: Executor, userIds: number[]): Promise<Map<number, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('dialogs')
    .select(['assignee_id', (eb) => eb.fn.max('assigned_at').as('at')])
    .where('assignee_id', 'in', userIds)
    .groupBy('assignee_id')
    .execute();
  return new Map(rows.map((r) => [r.assignee_id as number, Number(r.at ?? 0)]));
}

/** Whether the dialog is still waiting for an operator. */
export async function isDialogWaiting(db: Executor, dialogId: number): Promise<boolean> {
  return (await db.selectFrom('dialogs').select('state').where('id', '=', dialogId).executeTakeFirst())?.state === 'waiting';
}

export interface WaitingDialog {
  id: number;
  lead_id: number;
  department_id: number | null;
  waiting_since: number | null;
  created_at: number;
  auto_route: number;
  route_held: number;
}

/**
 * A page of the business's waiting dialogs, longest waiting first: the queue the router drains. `after`
 * pages on from the last one of the previous page; `only` keeps to these departments (and, with
 * `orNone`, to dialogs of no department).
 */
export function listWaitingDialogs(
  db: Executor,
  businessId: number,
  p: { limit: number; after?: { waitingSince: number; id: number } | undefined; only?: { departmentIds: readonly number[]; orNone: boolean } | undefined },
): Promise<WaitingDialog[]> {
  let q = db
    .selectFrom('dialogs')
    .select(['id', 'lead_id', 'department_id', 'waiting_since', 'created_at', 'auto_route', 'route_held'])
    .where('business_id', '=', businessId)
    .where('state', '=', 'waiting');
  const { after, only } = p;
  if (after)
    q = q.where((eb) => eb.or([eb('waiting_since', '>', after.waitingSince), eb.and([eb('waiting_since', '=', after.waitingSince), eb('id', '>', after.id)])]));
  if (only) {
    q = q.where((eb) => {
      const parts = [];
      if (only.departmentIds.length > 0) parts.push(eb('department_id', 'in', only.departmentIds));
      if (only.orNone) parts.push(eb('department_id', 'is', null));
      return parts.length > 0 ? eb.or(parts) : eb.val(false);
    });
  }
  return q.orderBy('waiting_since').orderBy('id').limit(p.limit).execute();
}

/** Distribution was asked for this dialog (`lead.assignDialogToNextOperator()`): the queue keeps offering it. */
export async function markAutoRoute(tx: Executor, dialogId: number): Promise<void> {
  await tx.updateTable('dialogs').set({ auto_route: 1 }).where('id', '=', dialogId).execute();
}

/** The routing script said "keep waiting": it is not asked again about this dialog until it waits anew. */
export async function holdRouting(tx: Executor, dialogId: number): Promise<void> {
  await tx.updateTable('dialogs').set({ route_held: 1 }).where('id', '=', dialogId).where('state', '=', 'waiting').execute();
}

/** Businesses with a dialog waiting for an operator (the router's safety sweep). */
export async function businessesWithWaitingDialogs(db: Executor): Promise<number[]> {
  const rows = await db.selectFrom('dialogs').select('business_id').distinct().where('state', '=', 'waiting').execute();
  return rows.map((r) => Number(r.business_id));
}

/** The operator of the lead's latest earlier dialog (not `exceptDialogId`), or null: "prefer the previous operator". */
export async function previousOperatorOfLead(db: Executor, leadId: number, exceptDialogId: number): Promise<number | null> {
  const r = await db
    .selectFrom('dialogs')
    .select('assignee_id')
    .where('lead_id', '=', leadId)
    .where('id', '<>', exceptDialogId)
    .where('assignee_id', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.assignee_id ?? null;
}

/** The active dialogs an operator has (is the assignee of), with their leads. */
export function listActiveDialogsOf(
  db: Executor,
  businessId: number,
  operatorId: number,
): Promise<{ id: number; lead_id: number; department_id: number | null }[]> {
  return db
    .selectFrom('dialogs')
    .select(['id', 'lead_id', 'department_id'])
    .where('business_id', '=', businessId)
    .where('assignee_id', '=', operatorId)
    .where('state', '=', 'active')
    .orderBy('id')
    .execute();
}

/** The business's active dialogs nobody has answered yet, longest unanswered first (the reassignment's candidates). */
export function listUnanswered(
  db: Executor,
  businessId: number,
): Promise<{ id: number; lead_id: number; assignee_id: number | null; department_id: number | null; assigned_at: number | null }[]> {
  return db
    .selectFrom('dialogs')
    .select(['id', 'lead_id', 'assignee_id', 'department_id', 'assigned_at'])
    .where('business_id', '=', businessId)
    .where('state', '=', 'active')
    .where('first_response_at', 'is', null)
    .orderBy('assigned_at')
    .execute();
}

/** Operators who had this dialog and let it go (a reassignment does not give it back to them). */
export async function formerAssignees(db: Executor, dialogId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('dialog_members')
    .select('user_id')
    .distinct()
    .where('dialog_id', '=', dialogId)
    .where('kind', '=', 'assignee')
    .where('left_at', 'is not', null)
    .execute();
  return rows.map((r) => Number(r.user_id));
}

/** Businesses with an active dialog nobody has answered yet (the reassignment sweep). */
export async function businessesWithUnansweredDialogs(db: Executor): Promise<number[]> {
  const rows = await db.selectFrom('dialogs').select('business_id').distinct().where('state', '=', 'active').where('first_response_at', 'is', null).execute();
  return rows.map((r) => Number(r.business_id));
}

/**
 * Dialogs that waited for an operator (not those an operator started) in a period, oldest first, at
 * most `limit`: what the routing simulator replays (an operator starting a dialog assigns it as it is
 * created: it never waited).
 */
export function dialogsThatWaited(
  db: Executor,
  businessId: number,
  p: { from: number; to: number; limit: number },
): Promise<Pick<Dialog, 'id' | 'lead_id' | 'department_id' | 'created_at' | 'assigned_at' | 'first_response_at' | 'ended_at'>[]> {
  return (
    db
      .selectFrom('dialogs')
      .select(['id', 'lead_id', 'department_id', 'created_at', 'assigned_at', 'first_response_at', 'ended_at'])
      .where('business_id', '=', businessId)
      .where('created_at', '>=', p.from)
      .where('created_at', '<', p.to)
      // waiting_since: set when it started waiting (kept since 2026-12); before that, a later assignment tells.
      .where((eb) => eb.or([eb('waiting_since', 'is not', null), eb('assigned_at', 'is', null), eb('assigned_at', '>', eb.ref('created_at'))]))
      .orderBy('created_at')
      .orderBy('id')
      .limit(p.limit)
      .execute()
  );
}
