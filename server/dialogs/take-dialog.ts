import type { Actor } from '../shared/actor';
import type { Outcome } from '../realtime/index';
import type { Tx } from '../storage/db';
import { act, type DialogView } from './apply-transition';
import { loadByDialog, whoIs } from './conversation';

/** An operator takes a waiting dialog. Of two racing operators exactly one wins; the other gets already_taken. */
export async function takeDialog(tx: Tx, input: { actor: Actor & { kind: 'user' }; dialogId: number; now: number }): Promise<Outcome<DialogView>> {
  const c = await loadByDialog(tx, input.actor.businessId, input.dialogId);
  const done = await act(tx, c, await whoIs(tx, input.actor), { type: 'take' }, input.now);
  return { result: done.view, events: done.events };
}
