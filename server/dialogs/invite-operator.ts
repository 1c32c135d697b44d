import type { Actor } from '../accounts/actor';
import { actorUserId } from '../accounts/actor';
import { AppError, notFound } from '../errors';
import { event } from '../realtime/events';
import type { Outcome } from '../realtime/commit';
import type { Tx } from '../storage/db';
import { enforce, freshView, loadByDialog, recordSystemLine, whoIs } from './conversation';
import { checkInvite } from './dialog.rules';
import { addMember, findOperator } from './dialogs.repo';
import type { DialogView } from './transfer-to-operators';

/** A second operator joins the dialog; the assignee stays responsible. */
export async function inviteOperator(tx: Tx, input: { actor: Actor; dialogId: number; operatorId: number; now: number }): Promise<Outcome<DialogView>> {
  const { actor, now, operatorId } = input;
  const c = await loadByDialog(tx, actor.businessId, input.dialogId);
  enforce(checkInvite(c.snapshot, await whoIs(tx, actor), operatorId));
  const target = await findOperator(tx, actor.businessId, operatorId);
  if (!target) throw notFound('Operator');
  if (!target.roles.includes('operator')) throw new AppError('invalid_state', `${target.name} does not have the Operator role`);
  await addMember(tx, { dialogId: c.dialog.id, userId: operatorId, businessId: actor.businessId, kind: 'invited', now });
  const view = await freshView(tx, c.lead.id, c.dialog.id);
  const line = await recordSystemLine(tx, c.lead, c.dialog.id, { kind: 'invited', operatorId, operatorName: target.name }, now);
  return {
    result: { row: view.row, dialog: view.dialog },
    events: [event('dialog.changed', { row: view.row, dialog: view.dialog, change: 'invited', byUserId: actorUserId(actor) }), line],
  };
}
