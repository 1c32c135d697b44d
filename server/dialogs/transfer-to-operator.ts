import type { Actor } from '../shared/actor';
import type { Outcome } from '../realtime/index';
import type { Tx } from '../storage/db';
import { act, type DialogView } from './apply-transition';
import { loadByDialog, loadOperator, whoIs } from './conversation';

/** The dialog's operator (or an administrator) passes it to a colleague, who becomes responsible; the passer leaves. */
export async function transferToOperator(tx: Tx, input: { actor: Actor; dialogId: number; operatorId: number; now: number }): Promise<Outcome<DialogView>> {
  const { actor, operatorId } = input;
  const c = await loadByDialog(tx, actor.businessId, input.dialogId);
  const operator = await loadOperator(tx, actor.businessId, operatorId);
  const done = await act(tx, c, await whoIs(tx, actor), { type: 'transfer_to_operator', operatorId, operator }, input.now);
  return { result: done.view, events: done.events };
}
