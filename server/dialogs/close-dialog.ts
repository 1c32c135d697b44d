import type { Actor } from '../shared/actor';
import type { Outcome } from '../realtime/index';
import type { Tx } from '../storage/db';
import { act, type DialogView } from './apply-transition';
import { loadByDialog, whoIs } from './conversation';
import { askForRating } from './csat';

/**
 * Closes the dialog; the lead's next message goes to the bot (or back to this operator, if the business
 * reopens). With the satisfaction survey on, the lead is asked to rate it (csat.ts).
 */
export async function closeDialog(tx: Tx, input: { actor: Actor; dialogId: number; now: number }): Promise<Outcome<DialogView>> {
  const c = await loadByDialog(tx, input.actor.businessId, input.dialogId);
  const done = await act(tx, c, await whoIs(tx, input.actor), { type: 'close' }, input.now);
  const asked = await askForRating(tx, done.lead, done.dialogId, input.now);
  return { result: done.view, events: [...done.events, ...asked] };
}
