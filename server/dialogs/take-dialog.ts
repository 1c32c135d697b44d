import type { Actor } from '../accounts/actor';
import { clearScenario } from '../bots/interpreter/runtime.repo';
import { AppError } from '../errors';
import { updateLead } from '../leads/leads.repo';
import { event } from '../realtime/events';
import type { Outcome } from '../realtime/commit';
import type { Tx } from '../storage/db';
import { enforce, freshView, loadByDialog, recordSystemLine, whoIs } from './conversation';
import { checkTake } from './dialog.rules';
import { addMember, takeIfWaiting } from './dialogs.repo';
import type { DialogView } from './transfer-to-operators';

/** An operator takes a waiting dialog. Of two racing operators exactly one wins; the other gets already_taken. */
export async function takeDialog(tx: Tx, input: { actor: Actor & { kind: 'user' }; dialogId: number; now: number }): Promise<Outcome<DialogView>> {
  const { actor, now } = input;
  const c = await loadByDialog(tx, actor.businessId, input.dialogId);
  enforce(checkTake(c.snapshot, await whoIs(tx, actor)));
  return claim(tx, { lead: c.lead, dialogId: c.dialog.id, operatorId: actor.userId, operatorName: actor.name, byUserId: actor.userId, now });
}

/** Moves a waiting dialog to an operator (compare-and-set), recording it in history and events. */
export async function claim(
  tx: Tx,
  o: { lead: { id: number; business_id: number }; dialogId: number; operatorId: number; operatorName: string; byUserId: number | null; now: number },
): Promise<Outcome<DialogView>> {
  const taken = await takeIfWaiting(tx, o.dialogId, o.operatorId, o.now);
  if (!taken) throw new AppError('already_taken', 'The dialog was already taken by another operator');
  await addMember(tx, { dialogId: o.dialogId, userId: o.operatorId, businessId: o.lead.business_id, kind: 'assignee', now: o.now });
  // An operator taking the dialog interrupts the bot's scenario: a pending question is forgotten.
  await clearScenario(tx, o.lead.id);
  const lead = await updateLead(tx, o.lead.id, { state: 'operator', last_activity_at: o.now });
  const view = await freshView(tx, lead.id, o.dialogId);
  const line = await recordSystemLine(tx, lead, o.dialogId, { kind: 'assigned', operatorId: o.operatorId, operatorName: o.operatorName, byUserId: o.byUserId }, o.now);
  return {
    result: { row: view.row, dialog: view.dialog },
    events: [event('dialog.assigned', { row: view.row, dialog: view.dialog, operatorId: o.operatorId, byUserId: o.byUserId }), line],
  };
}
