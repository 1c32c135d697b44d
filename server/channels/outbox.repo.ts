import type { Executor } from '../storage/db';
import type { Lead, Message } from '../storage/schema';

/** What a channel's outbound adapter receives for one message to a lead. */
export interface OutgoingPayload {
  event: 'message.created';
  lead: { id: number; messengerId: string; name: string };
  message: { id: number; author: Message['author']; authorName: string | null; text: string; payload: unknown; createdAt: number };
}

/**
 * Queues a message for delivery to the lead's messenger in the same transaction that stored it,
 * so a crash between the two can neither lose nor invent a delivery. Returns the message's
 * delivery state: 'none' when the channel has nowhere to deliver (an API channel without a webhook).
 */
export async function queueDelivery(tx: Executor, lead: Lead, message: Message, authorName: string | null, now: number): Promise<'pending' | 'none'> {
  const channel = await tx.selectFrom('channels').select(['id', 'kind', 'webhook_url']).where('id', '=', lead.channel_id).executeTakeFirstOrThrow();
  if (channel.kind === 'api' && !channel.webhook_url) return 'none';
  const payload: OutgoingPayload = {
    event: 'message.created',
    lead: { id: lead.id, messengerId: lead.messenger_id, name: lead.name },
    message: {
      id: message.id,
      author: message.author,
      authorName,
      text: message.text,
      payload: message.payload ? JSON.parse(message.payload) : null,
      createdAt: message.created_at,
    },
  };
  await tx
    .insertInto('outbox')
    .values({
      business_id: lead.business_id,
      channel_id: channel.id,
      lead_id: lead.id,
      message_id: message.id,
      payload: JSON.stringify(payload),
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      locked_until: 0,
      last_error: null,
      created_at: now,
      done_at: null,
    })
    .execute();
  return 'pending';
}
