import type { Actor } from '../accounts/actor';
import { actorUserId } from '../accounts/actor';
import { AppError, notFound } from '../errors';
import { updateLead } from '../leads/leads.repo';
import { event } from '../realtime/events';
import type { Outcome } from '../realtime/commit';
import type { Tx } from '../storage/db';
import { enforce, freshView, loadByDialog, recordSystemLine, whoIs, type Conversation } from './conversation';
import { checkAssign, checkTransferToOperator } from './dialog.rules';
import { addMember, findOperator, removeMembers, updateDialog } from './dialogs.repo';
import { claim } from './take-dialog';
import type { DialogView } from './transfer-to-operators';

/** An administrator or the router gives a dialog to a chosen operator. */
export async function assignDialog(tx: Tx, input: { actor: Actor; dialogId: number; operatorId: number; now: number }): Promise<Outcome<DialogView>> {
  const c = await loadByDialog(tx, input.actor.businessId, input.dialogId);
  enforce(checkAssign(c.snapshot, await whoIs(tx, input.actor), input.operatorId));
  return handOver(tx, c, input);
}

/** The dialog's operator passes it to a colleague, who becomes responsible; the passer leaves. */
export async function transferToOperator(tx: Tx, input: { actor: Actor; dialogId: number; operatorId: number; now: number }): Promise<Outcome<DialogView>> {
  const c = await loadByDialog(tx, input.actor.businessId, input.dialogId);
  enforce(checkTransferToOperator(c.snapshot, await whoIs(tx, input.actor), input.operatorId));
  return handOver(tx, c, input);
}

async function handOver(
  tx: Tx,
  c: Conversation & { dialog: { id: number; state: string; assignee_id: number | null } },
  input: { actor: Actor; operatorId: number; now: number },
): Promise<Outcome<DialogView>> {
  const { actor, now, operatorId } = input;
  const target = await findOperator(tx, actor.businessId, operatorId);
  if (!target) throw notFound('Operator');
  if (!target.roles.includes('operator')) throw new AppError('invalid_state', `${target.name} does not have the Operator role`);
  const byUserId = actorUserId(actor);
  if (c.dialog.state === 'waiting') {
    return claim(tx, { lead: c.lead, dialogId: c.dialog.id, operatorId, operatorName: target.name, byUserId, now });
  }
  const previous = c.dialog.assignee_id;
  await updateDialog(tx, c.dialog.id, { assignee_id: operatorId, assigned_at: now });
  await removeMembers(tx, c.dialog.id, now, previous !== null ? [previous, operatorId] : [operatorId]);
  await addMember(tx, { dialogId: c.dialog.id, userId: operatorId, businessId: actor.businessId, kind: 'assignee', now });
  const lead = await updateLead(tx, c.lead.id, { last_activity_at: now });
  const view = await freshView(tx, lead.id, c.dialog.id);
  const line = await recordSystemLine(tx, lead, c.dialog.id, { kind: 'assigned', operatorId, operatorName: target.name, byUserId }, now);
  return {
    result: { row: view.row, dialog: view.dialog },
    events: [event('dialog.assigned', { row: view.row, dialog: view.dialog, operatorId, byUserId }), line],
  };
}
