// Writes what the dialog machine decided: the dialog row, its members, the lead, the bot's job,
// the history line and the event, in the caller's transaction. The one place a dialog changes.
import type { Dialog as DialogDto, InboxRow } from '../../contracts/inbox';
import { serviceTargetsOf } from '../accounts/index';
import { enqueueBotJob, clearScenario } from '../bots/index';
import { AppError } from '../errors';
import { updateLead } from '../leads/index';
import { event, type PendingEvent } from '../realtime/index';
import type { Tx } from '../storage/db';
import type { Dialog, Lead, LeadUpdate } from '../storage/schema';
import { freshView, recordSystemLine } from './conversation';
import { decide, type Command, type Snapshot, type Transition, type Who } from './dialog.machine';
import { addMember, insertDialog, removeMembers, takeIfWaiting, updateDialog } from './dialogs.repo';

export interface DialogView {
  row: InboxRow;
  dialog: DialogDto;
}

export interface Applied {
  dialogId: number;
  lead: Lead;
  view: DialogView;
  events: PendingEvent[];
}

/** Asks the machine and writes its answer; throws its refusal. */
export async function act(tx: Tx, c: { lead: Lead; dialog: Dialog | null; snapshot: Snapshot }, who: Who, command: Command, now: number): Promise<Applied> {
  const t = decide(c.snapshot, who, command);
  if (t instanceof AppError) throw t;
  return applyTransition(tx, c, t, { byUserId: who.userId, now });
}

export async function applyTransition(
  tx: Tx,
  c: { lead: Lead; dialog: Dialog | null },
  t: Transition,
  o: { byUserId: number | null; now: number },
): Promise<Applied> {
  const { now } = o;
  const businessId = c.lead.business_id;
  const dialogId = await writeDialog(tx, c, t, o);
  if (t.members.leave) await removeMembers(tx, dialogId, now, t.members.leave === 'all' ? undefined : t.members.leave);
  if (t.members.join) await addMember(tx, { dialogId, userId: t.members.join.userId, businessId, kind: t.members.join.kind, now });
  if (t.clearScenario) await clearScenario(tx, c.lead.id);
  let lead = c.lead;
  if (t.lead || t.dialog) lead = await updateLead(tx, c.lead.id, leadPatch(t, dialogId, c.dialog?.id ?? null, now));
  if (t.botJob) {
    await enqueueBotJob(tx, {
      businessId,
      botId: lead.bot_id,
      leadId: lead.id,
      kind: t.botJob.kind,
      ref: t.botJob.script,
      params: { dialogId },
      runAt: now,
      now,
    });
  }
  const view = await freshView(tx, lead.id, dialogId);
  const events: PendingEvent[] = [];
  const e = t.event;
  if (e?.type === 'dialog.created') events.push(event('dialog.created', { row: view.row, dialog: view.dialog }));
  if (e?.type === 'dialog.assigned')
    events.push(event('dialog.assigned', { row: view.row, dialog: view.dialog, operatorId: e.operatorId, byUserId: o.byUserId }));
  if (e?.type === 'dialog.changed') events.push(event('dialog.changed', { row: view.row, dialog: view.dialog, change: e.change, byUserId: o.byUserId }));
  if (t.line) events.push(await recordSystemLine(tx, view.lead, dialogId, t.line, now));
  return { dialogId, lead: view.lead, view: { row: view.row, dialog: view.dialog }, events };
}

/** Writes the dialog row the transition names; returns the id of the dialog it is about. */
async function writeDialog(tx: Tx, c: { lead: Lead; dialog: Dialog | null }, t: Transition, o: { byUserId: number | null; now: number }): Promise<number> {
  const d = t.dialog;
  const { now } = o;
  if (d?.op === 'create') {
    const targets = await serviceTargetsOf(tx, c.lead.business_id, d.departmentId);
    const created = await insertDialog(tx, {
      business_id: c.lead.business_id,
      lead_id: c.lead.id,
      state: d.state,
      department_id: d.departmentId,
      assignee_id: d.assigneeId,
      created_at: now,
      assigned_at: d.assigneeId !== null ? now : null,
      waiting_since: d.state === 'waiting' ? now : null,
      // An operator who opens it answers at once; a transfer waits for a first answer within the target.
      first_response_due_at: d.state === 'waiting' && targets.firstSec !== null ? now + targets.firstSec * 1000 : null,
      next_response_sec: targets.nextSec,
    });
    return created.id;
  }
  if (!c.dialog) throw new Error(`a ${d?.op ?? 'member'} transition for a lead without a dialog`);
  const id = c.dialog.id;
  if (d?.op === 'claim') {
    if (!(await takeIfWaiting(tx, id, d.assigneeId, now))) throw new AppError('already_taken', 'The dialog was already taken by another operator');
  } else if (d?.op === 'reassign') {
    await updateDialog(tx, id, { assignee_id: d.assigneeId, assigned_at: now });
  } else if (d?.op === 'release') {
    await updateDialog(tx, id, { state: 'waiting', assignee_id: null, assigned_at: null, waiting_since: now, route_held: 0 });
  } else if (d?.op === 'requeue') {
    const { nextSec } = await serviceTargetsOf(tx, c.lead.business_id, d.departmentId);
    await updateDialog(tx, id, {
      state: 'waiting',
      department_id: d.departmentId,
      assignee_id: null,
      assigned_at: null,
      waiting_since: now,
      route_held: 0,
      next_response_sec: nextSec,
    });
  } else if (d?.op === 'end') {
    await updateDialog(tx, id, {
      state: 'closed',
      ended_at: now,
      end_reason: d.reason,
      ended_by: o.byUserId,
      return_script: d.script,
      next_response_due_at: null,
    });
  }
  return id;
}

function leadPatch(t: Transition, dialogId: number, previousDialogId: number | null, now: number): LeadUpdate {
  const patch: LeadUpdate = { last_activity_at: now };
  if (t.lead) patch.state = t.lead.state;
  if (t.lead?.forwarded) Object.assign(patch, { is_forwarded: 1, forwarded_at: now });
  if (t.lead?.readAll) patch.unread_count = 0;
  if (dialogId !== previousDialogId) patch.current_dialog_id = dialogId;
  return patch;
}
