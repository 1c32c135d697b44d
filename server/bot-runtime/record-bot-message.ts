import { queueDelivery } from '../channels/index';
import { event, type PendingEvent } from '../realtime/index';
import type { Tx } from '../storage/db';
import type { Lead } from '../storage/schema';
import { rowFor, updateLead, presentMessage, previewOf, insertMessage, setDelivery } from '../leads/index';
import { endSurveyWait, isWithOperators } from '../dialogs/index';

/**
 * Stores a bot's message to a lead, queues it for the lead's messenger in the same transaction and
 * returns the updated lead with the message.created event.
 */
export async function recordBotMessage(
  tx: Tx,
  lead: Lead,
  m: { text: string; payload: Record<string, unknown> | null },
  now: number,
): Promise<{ lead: Lead; event: PendingEvent }> {
  // The bot talking to a lead after a close starts another flow: the satisfaction survey stops waiting.
  await endSurveyWait(tx, lead);
  const stored = await insertMessage(tx, {
    business_id: lead.business_id,
    lead_id: lead.id,
    dialog_id: isWithOperators(lead.state) ? lead.current_dialog_id : null,
    author: 'bot',
    author_user_id: null,
    text: m.text,
    payload: m.payload ? JSON.stringify(m.payload) : null,
    delivery: 'none',
    created_at: now,
  });
  // The payload is the one just stored: handed on as it is rather than parsed back twice.
  const delivery = await queueDelivery(tx, lead, stored, null, now, [], m.payload);
  const message = delivery === 'none' ? stored : await setDelivery(tx, stored.id, delivery);
  const updated = await updateLead(tx, lead.id, {
    last_message_at: now,
    last_message_preview: previewOf(m.text || (m.payload ? '📎' : '')),
    last_message_author: 'bot',
    last_activity_at: now,
  });
  return { lead: updated, event: event('message.created', { message: presentMessage(message, null, [], m.payload), row: await rowFor(tx, updated) }) };
}
