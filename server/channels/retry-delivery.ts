import type { Actor } from '../shared/actor';
import { forbidden, invalidState, notFound } from '../errors';
import type { Db } from '../storage/db';
import { canManageChannels } from './channels.policy';
import { findChannel } from './channels.repo';
import { findChannelDelivery, rearmDeadDelivery, retryPendingNow, type OutboxRow } from './outbox.repo';

/**
 * Re-arms a delivery: a dead one starts over (due now, a fresh 3-day window); a pending one
 * skips the rest of its back-off. A delivered one is a 409. The worker picks it up on its next pass.
 */
export async function retryDelivery(deps: { db: Db; clock: () => number }, input: { actor: Actor; channelId: number; deliveryId: number }): Promise<OutboxRow> {
  const { actor } = input;
  if (!canManageChannels(actor)) throw forbidden('Only admins and bot editors manage channels');
  const now = deps.clock();
  return deps.db.transaction().execute(async (tx) => {
    if (!(await findChannel(tx, actor.businessId, input.channelId))) throw notFound('Channel');
    const row = await findChannelDelivery(tx, input.channelId, input.deliveryId);
    if (!row) throw notFound('Delivery');
    if (row.status === 'done') throw invalidState('This message was delivered already');
    const rearmed = row.status === 'dead' ? await rearmDeadDelivery(tx, row.id, now) : await retryPendingNow(tx, row.id, now);
    // The worker may have settled it between our read and write: say so rather than guess.
    if (!rearmed) throw invalidState('The delivery changed meanwhile; reload and try again');
    return rearmed;
  });
}
