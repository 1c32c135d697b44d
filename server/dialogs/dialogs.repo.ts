import type { Executor } from '../storage/db';
import type { Dialog, DialogsTable } from '../storage/schema';
import type { Insertable, Updateable } from 'kysely';
import { prepared } from '../storage/prepared';

export function findDialog(db: Executor, businessId: number, dialogId: number): Promise<Dialog | undefined> {
  return db.selectFrom('dialogs').selectAll().where('id', '=', dialogId).where('business_id', '=', businessId).executeTakeFirst();
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

/** Operators currently in the dialog, assignee first. Every panel row reads it (prepared: see storage/prepared.ts). */
export async function activeMemberIds(db: Executor, dialogId: number): Promise<number[]> {
  const { rows } = await membersOfDialog(db, { dialogId });
  return rows.sort((a, b) => (a.kind === 'assignee' ? -1 : 0) - (b.kind === 'assignee' ? -1 : 0)).map((r) => r.user_id);
}

const membersOfDialog = prepared(['dialogId'], (db, p) =>
  db.selectFrom('dialog_members').select(['user_id', 'kind']).where('dialog_id', '=', p.dialogId).where('left_at', 'is', null).orderBy('joined_at'),
);

/** Members of many dialogs at once (for list pages). */
export async function activeMembersOf(db: Executor, dialogIds: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (dialogIds.length === 0) return out;
  const rows = await db
    .selectFrom('dialog_members')
    .select(['dialog_id', 'user_id', 'kind'])
    .where('dialog_id', 'in', dialogIds)
    .where('left_at', 'is', null)
    .orderBy('joined_at')
    .execute();
  for (const r of rows) {
    const list = out.get(r.dialog_id) ?? [];
    if (r.kind === 'assignee') list.unshift(r.user_id);
    else list.push(r.user_id);
    out.set(r.dialog_id, list);
  }
  return out;
}

export async function addMember(tx: Executor, m: { dialogId: number; userId: number; businessId: number; kind: 'assignee' | 'invited'; now: number }): Promise<void> {
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

export interface OperatorInfo {
  id: number;
  name: string;
  roles: string[];
  status: 'online' | 'offline';
  maxDialogs: number;
  departmentIds: number[];
}

/** An enabled user of this business, with departments; undefined if unknown, disabled or foreign. */
export async function findOperator(db: Executor, businessId: number, userId: number): Promise<OperatorInfo | undefined> {
  const u = await db
    .selectFrom('users')
    .select(['id', 'name', 'roles', 'status', 'max_dialogs', 'disabled'])
    .where('id', '=', userId)
    .where('business_id', '=', businessId)
    .executeTakeFirst();
  if (!u || u.disabled) return undefined;
  const deps = await db.selectFrom('user_departments').select('department_id').where('user_id', '=', userId).execute();
  return {
    id: u.id,
    name: u.name,
    roles: JSON.parse(u.roles) as string[],
    status: u.status,
    maxDialogs: u.max_dialogs,
    departmentIds: deps.map((d) => d.department_id),
  };
}

export function findDepartmentByCode(db: Executor, businessId: number, code: string) {
  return db.selectFrom('departments').selectAll().where('business_id', '=', businessId).where('code', '=', code).executeTakeFirst();
}

/** A lead's dialogs, newest first, with everyone who was ever in them (join order) and the department's name. */
export async function listLeadDialogs(db: Executor, businessId: number, leadId: number, limit: number) {
  const dialogs = await db.selectFrom('dialogs').leftJoin('departments', 'departments.id', 'dialogs.department_id')
    .selectAll('dialogs').select('departments.name as department_name')
    .where('dialogs.business_id', '=', businessId).where('dialogs.lead_id', '=', leadId)
    .orderBy('dialogs.id', 'desc').limit(limit).execute();
  const ids = dialogs.map((d) => d.id);
  const members = ids.length
    ? await db.selectFrom('dialog_members').innerJoin('users', 'users.id', 'dialog_members.user_id')
      .select(['dialog_members.dialog_id', 'dialog_members.left_at', 'users.id', 'users.name'])
      .where('dialog_members.dialog_id', 'in', ids).orderBy('dialog_members.joined_at').orderBy('users.id').execute()
    : [];
  return dialogs.map(({ department_name, ...d }) => ({
    dialog: d as Dialog,
    departmentName: department_name,
    members: members.filter((m) => m.dialog_id === d.id),
  }));
}
