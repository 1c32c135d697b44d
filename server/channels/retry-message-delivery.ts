import type { Actor } from '../shared/actor';
import { canRetryMessages } from './channels.policy';
import type { Message } from '../../contracts/inbox';
import { forbidden, invalidState, notFound } from '../errors';
import { findMessage, setDelivery, presentStored } from '../leads/index';
import { type Outcome, event } from '../realtime/index';
import type { Tx } from '../storage/db';
import { findDeliveryOfMessage, rearmDeadDelivery, retryPendingNow } from './outbox.repo';

/**
 * An operator retries a message that did not reach the lead's messenger: its delivery is due now
 * (a dead one starts a fresh window) and the message reads "queued" again for everyone.
 */
export async function retryMessageDelivery(tx: Tx, input: { actor: Actor; messageId: number; now: number }): Promise<Outcome<{ message: Message }>> {
  const { actor, now } = input;
  if (!canRetryMessages(actor)) throw forbidden('Only operators and administrators retry deliveries');
  const stored = await findMessage(tx, actor.businessId, input.messageId);
  if (!stored) throw notFound('Message');
  const row = await findDeliveryOfMessage(tx, actor.businessId, stored.id);
  if (stored.delivery !== 'failed' || !row || row.status === 'done') throw invalidState('Only a message that failed to reach the lead can be retried');
  const rearmed = row.status === 'dead' ? await rearmDeadDelivery(tx, row.id, now) : await retryPendingNow(tx, row.id, now);
  if (!rearmed) throw invalidState('The delivery changed meanwhile; look again');
  const [message] = await presentStored(tx, [await setDelivery(tx, stored.id, 'pending')]);
  return { result: { message: message! }, events: [event('message.updated', { message: message! })] };
}
