// Loading and recording helpers shared by the dialog use cases: the snapshot the machine decides on,
// the people and departments a command names, the history line, the view after a change.
import type { Actor } from '../shared/actor';
import type { SystemLine } from '../../contracts/message-payloads';
import { AppError, notFound } from '../errors';
import { rowFor, findLead, getLead, updateLead, insertMessage, presentDialog, presentMessage, activeMemberIds } from '../leads/index';
import { event, type PendingEvent } from '../realtime/index';
import type { Tx } from '../storage/db';
import { lockLead } from '../storage/locks';
import type { Dialog, Lead } from '../storage/schema';
import type { DepartmentRef, OperatorRef, Snapshot, Who } from './dialog.machine';
import { departmentIdsByUser, findUserInBusiness, findDepartmentByCode } from '../accounts/index';
import { findDialog, getDialog } from './dialogs.repo';

export interface Conversation {
  lead: Lead;
  dialog: Dialog | null;
  memberIds: number[];
  snapshot: Snapshot;
}

/** Locks the lead and reads where its conversation stands. Another business's lead is not found. */
export async function loadConversation(tx: Tx, businessId: number, leadId: number): Promise<Conversation> {
  await lockLead(tx, leadId);
  const lead = await findLead(tx, businessId, leadId);
  if (!lead) throw notFound('Lead');
  const dialog = lead.current_dialog_id ? ((await findDialog(tx, businessId, lead.current_dialog_id)) ?? null) : null;
  const memberIds = dialog && dialog.state !== 'closed' ? await activeMemberIds(tx, dialog.id) : [];
  return {
    lead,
    dialog,
    memberIds,
    snapshot: {
      leadState: lead.state,
      dialog: dialog && {
        state: dialog.state,
        assigneeId: dialog.assignee_id,
        memberIds,
        departmentId: dialog.department_id,
      },
    },
  };
}

/** The conversation a dialog belongs to; the dialog must be the lead's current one. */
export async function loadByDialog(tx: Tx, businessId: number, dialogId: number): Promise<Conversation & { dialog: Dialog }> {
  const d = await findDialog(tx, businessId, dialogId);
  if (!d) throw notFound('Dialog');
  const c = await loadConversation(tx, businessId, d.lead_id);
  if (!c.dialog || c.dialog.id !== dialogId) throw new AppError('invalid_state', 'This dialog has ended; the lead has a newer one');
  return c as Conversation & { dialog: Dialog };
}

/** The machine's view of an actor: tokens by their roles like people (departments loaded for people). */
export async function whoIs(tx: Tx, actor: Actor): Promise<Who> {
  if (actor.kind === 'system') return { userId: null, name: null, isAdmin: false, isOperator: false, isSystem: true, departmentIds: [] };
  const roles = { isAdmin: actor.roles.includes('admin'), isOperator: actor.roles.includes('operator'), isSystem: false };
  if (actor.kind === 'token') return { userId: null, name: null, ...roles, departmentIds: [] };
  const departmentIds = (await departmentIdsByUser(tx, actor.businessId, [actor.userId])).get(actor.userId) ?? [];
  return { userId: actor.userId, name: actor.name, ...roles, departmentIds };
}

/** The operator a command names: an enabled user of this business, or null. */
export async function loadOperator(tx: Tx, businessId: number, userId: number): Promise<OperatorRef | null> {
  const u = await findUserInBusiness(tx, businessId, userId);
  return u && !u.disabled ? { id: u.id, name: u.name, isOperator: u.roles.includes('operator') } : null;
}

/** The department a command names by code, or null. */
export async function loadDepartment(tx: Tx, businessId: number, code: string): Promise<DepartmentRef | null> {
  const d = await findDepartmentByCode(tx, businessId, code);
  return d ? { id: d.id, code: d.code } : null;
}

// Stored text is an English fallback; the web app renders system lines from the payload in the operator's language.
const FALLBACK: { [K in SystemLine['kind']]: (l: Extract<SystemLine, { kind: K }>) => string } = {
  transferred: (l) => (l.departmentCode ? `Transferred to operators (${l.departmentCode})` : 'Transferred to operators'),
  assigned: (l) => `Assigned to ${l.operatorName}`,
  invited: (l) => `${l.operatorName} joined the dialog`,
  transferred_to_department: (l) => `Transferred to department ${l.departmentCode}`,
  closed: (l) => (l.byName ? `Closed by ${l.byName}` : 'Closed'),
  returned_to_bot: (l) => (l.script ? `Returned to the bot (script ${l.script})` : 'Returned to the bot'),
  released: (l) =>
    l.reason === 'offline' ? `Back in the queue: ${l.operatorName} went offline` : `Back in the queue: ${l.operatorName} did not answer in time`,
};

/** Writes a centred system line into the lead's history and returns its event. */
export async function recordSystemLine(tx: Tx, lead: Lead, dialogId: number | null, line: SystemLine, now: number): Promise<PendingEvent> {
  const text = (FALLBACK[line.kind] as (l: SystemLine) => string)(line);
  const m = await insertMessage(tx, {
    business_id: lead.business_id,
    lead_id: lead.id,
    dialog_id: dialogId,
    author: 'system',
    author_user_id: null,
    text,
    payload: JSON.stringify(line),
    delivery: 'none',
    created_at: now,
  });
  const updated = await updateLead(tx, lead.id, { last_activity_at: now });
  return event('message.created', { message: presentMessage(m, null), row: await rowFor(tx, updated) });
}

/** The dialog and panel row after a change, for results and events. */
export async function freshView(tx: Tx, leadId: number, dialogId: number) {
  const lead = await getLead(tx, leadId);
  const dialog = await getDialog(tx, dialogId);
  const members = dialog.state === 'closed' ? [] : await activeMemberIds(tx, dialogId);
  return { lead, row: await rowFor(tx, lead), dialog: presentDialog(dialog, members) };
}
