// Loading and recording helpers shared by the dialog use cases.
import type { Actor } from '../accounts/actor';
import type { DialogState } from '../../contracts/inbox';
import type { SystemLine } from '../../contracts/message-payloads';
import { AppError, notFound } from '../errors';
import { rowFor } from '../leads/inbox-row.repo';
import { findLead } from '../leads/leads.repo';
import { presentDialog, presentMessage } from '../leads/leads.presenter';
import { event, type PendingEvent } from '../realtime/events';
import type { Tx } from '../storage/db';
import { lockLead } from '../storage/locks';
import type { Dialog, Lead } from '../storage/schema';
import type { Snapshot, Who } from './dialog.rules';
import { activeMemberIds, findDialog } from './dialogs.repo';

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
        state: dialog.state as DialogState,
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

/** The rules' view of an actor: tokens by their roles like people (departments loaded for people). */
export async function whoIs(tx: Tx, actor: Actor): Promise<Who> {
  if (actor.kind === 'system') return { userId: null, isAdmin: false, isOperator: false, isSystem: true, departmentIds: [] };
  const roles = { isAdmin: actor.roles.includes('admin'), isOperator: actor.roles.includes('operator'), isSystem: false };
  if (actor.kind === 'token') return { userId: null, ...roles, departmentIds: [] };
  const deps = await tx.selectFrom('user_departments').select('department_id').where('user_id', '=', actor.userId).execute();
  return { userId: actor.userId, ...roles, departmentIds: deps.map((d) => d.department_id) };
}

/** Fails with the rule's error, if any. */
export function enforce(verdict: AppError | null): void {
  if (verdict) throw verdict;
}

// Stored text is an English fallback; the web app renders system lines from the payload in the operator's language.
const FALLBACK: { [K in SystemLine['kind']]: (l: Extract<SystemLine, { kind: K }>) => string } = {
  transferred: (l) => (l.departmentCode ? `Transferred to operators (${l.departmentCode})` : 'Transferred to operators'),
  assigned: (l) => `Assigned to ${l.operatorName}`,
  invited: (l) => `${l.operatorName} joined the dialog`,
  transferred_to_department: (l) => `Transferred to department ${l.departmentCode}`,
  closed: (l) => (l.byName ? `Closed by ${l.byName}` : 'Closed'),
  returned_to_bot: (l) => (l.script ? `Returned to the bot (script ${l.script})` : 'Returned to the bot'),
};

/** Writes a centred system line into the lead's history and returns its event. */
export async function recordSystemLine(tx: Tx, lead: Lead, dialogId: number | null, line: SystemLine, now: number): Promise<PendingEvent> {
  const text = (FALLBACK[line.kind] as (l: SystemLine) => string)(line);
  const m = await tx
    .insertInto('messages')
    .values({
      business_id: lead.business_id,
      lead_id: lead.id,
      dialog_id: dialogId,
      author: 'system',
      author_user_id: null,
      text,
      payload: JSON.stringify(line),
      client_message_id: null,
      delivery: 'none',
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const updated = await tx
    .updateTable('leads')
    .set({ last_activity_at: now })
    .where('id', '=', lead.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return event('message.created', { message: presentMessage(m, null), row: await rowFor(tx, updated) });
}

/** The dialog and panel row after a change, for results and events. */
export async function freshView(tx: Tx, leadId: number, dialogId: number) {
  const lead = await tx.selectFrom('leads').selectAll().where('id', '=', leadId).executeTakeFirstOrThrow();
  const dialog = await tx.selectFrom('dialogs').selectAll().where('id', '=', dialogId).executeTakeFirstOrThrow();
  const members = dialog.state === 'closed' ? [] : await activeMemberIds(tx, dialogId);
  return { lead, row: await rowFor(tx, lead), dialog: presentDialog(dialog, members) };
}
