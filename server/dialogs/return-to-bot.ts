import type { Actor } from '../shared/actor';
import type { Outcome } from '../realtime/index';
import type { Tx } from '../storage/db';
import { act, type DialogView } from './apply-transition';
import { loadByDialog, whoIs } from './conversation';

/** Returns the lead to the bot, optionally at a named script; a bot job restarts the scenario there. */
export async function returnToBot(tx: Tx, input: { actor: Actor; dialogId: number; script?: string | undefined; now: number }): Promise<Outcome<DialogView>> {
  const c = await loadByDialog(tx, input.actor.businessId, input.dialogId);
  const done = await act(tx, c, await whoIs(tx, input.actor), { type: 'return_to_bot', script: input.script ?? null }, input.now);
  return { result: done.view, events: done.events };
}
