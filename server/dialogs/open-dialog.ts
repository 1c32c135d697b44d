import type { Actor } from '../accounts/actor';
import type { Outcome } from '../realtime/commit';
import type { Tx } from '../storage/db';
import { freshView, loadConversation, whoIs } from './conversation';
import { decideWrite } from './dialog.rules';
import { enterDialog } from './start-dialog';
import type { DialogView } from './transfer-to-operators';

/**
 * An operator opens a dialog with the lead without writing yet, as writing would: reopens a closed
 * conversation or takes it from the bot (interrupting its scenario), takes a waiting one; a dialog the
 * operator is already in is returned as it is.
 */
export async function openDialog(tx: Tx, input: { actor: Actor & { kind: 'user' }; leadId: number; now: number }): Promise<Outcome<DialogView>> {
  const { actor, now } = input;
  const c = await loadConversation(tx, actor.businessId, input.leadId);
  const decision = decideWrite(c.snapshot, await whoIs(tx, actor));
  if (!('mode' in decision)) throw decision;
  const { dialogId, events } = await enterDialog(tx, c, decision.mode, actor, now);
  const view = await freshView(tx, c.lead.id, dialogId);
  return { result: { row: view.row, dialog: view.dialog }, events };
}
