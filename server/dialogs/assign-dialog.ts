import type { Actor } from '../shared/actor';
import type { Outcome } from '../realtime/index';
import type { Tx } from '../storage/db';
import { act, type DialogView } from './apply-transition';
import { loadByDialog, loadOperator, whoIs } from './conversation';

/** An administrator or the router gives a dialog (waiting or with a colleague) to a chosen operator. */
export async function assignDialog(tx: Tx, input: { actor: Actor; dialogId: number; operatorId: number; now: number }): Promise<Outcome<DialogView>> {
  const { actor, operatorId } = input;
  const c = await loadByDialog(tx, actor.businessId, input.dialogId);
  const operator = await loadOperator(tx, actor.businessId, operatorId);
  const done = await act(tx, c, await whoIs(tx, actor), { type: 'assign', operatorId, operator }, input.now);
  return { result: done.view, events: done.events };
}
