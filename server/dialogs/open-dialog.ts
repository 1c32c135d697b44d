import type { Actor } from '../shared/actor';
import type { Outcome } from '../realtime/index';
import type { Tx } from '../storage/db';
import type { DialogView } from './apply-transition';
import { freshView, loadConversation } from './conversation';
import { enterDialog, planEntry } from './enter-dialog';

/**
 * An operator opens a dialog with the lead without writing yet, as writing would: reopens a closed
 * conversation or takes it from the bot (interrupting its scenario), takes a waiting one; a dialog the
 * operator is already in is returned as it is.
 */
export async function openDialog(tx: Tx, input: { actor: Actor & { kind: 'user' }; leadId: number; now: number }): Promise<Outcome<DialogView>> {
  const c = await loadConversation(tx, input.actor.businessId, input.leadId);
  const { dialogId, events } = await enterDialog(tx, c, await planEntry(tx, c, input.actor), input.now);
  const view = await freshView(tx, c.lead.id, dialogId);
  return { result: { row: view.row, dialog: view.dialog }, events };
}
