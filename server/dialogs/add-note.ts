import type { Actor } from '../shared/actor';
import { canWorkDialogs } from './dialogs.policy';
import type { Message as MessageDto } from '../../contracts/inbox';
import { forbidden, notFound } from '../errors';
import { idempotencyConflict, isSameContent, rowFor, findLead, presentMessage, insertNoteOnce, presentStored } from '../leads/index';
import { event, type Outcome } from '../realtime/index';
import type { Tx } from '../storage/db';

/**
 * An operator or administrator (a person or a token) writes an internal note into a lead's
 * history, in any state. Only the contact center sees it: nothing is queued for the messenger, and
 * the conversation stays exactly as it was — state, dialog and its first response, unread count,
 * the panel row (preview and order), the bot's scenario. A repeated clientMessageId with the same text
 * returns the first note; with other content, or a key a message used, it is 409 idempotency_conflict.
 */
export async function addNote(
  tx: Tx,
  input: { actor: Actor; leadId: number; text: string; clientMessageId?: string | undefined; now: number },
): Promise<Outcome<{ message: MessageDto }>> {
  const { actor, now } = input;
  if (!canWorkDialogs(actor)) throw forbidden('Only operators and administrators write notes');
  const lead = await findLead(tx, actor.businessId, input.leadId);
  if (!lead) throw notFound('Lead');
  const open = lead.state === 'waiting' || lead.state === 'operator';
  const { message, duplicate } = await insertNoteOnce(tx, {
    business_id: actor.businessId,
    lead_id: lead.id,
    dialog_id: open ? lead.current_dialog_id : null,
    author: 'operator',
    author_user_id: actor.kind === 'user' ? actor.userId : null,
    text: input.text,
    payload: null,
    client_message_id: input.clientMessageId ?? null,
    delivery: 'none',
    created_at: now,
  });
  if (duplicate) {
    // A retry gets the first note; a real message's key or other text must not come back dressed as it.
    const retried = { author: 'operator', authorUserId: actor.kind === 'user' ? actor.userId : null, internal: true, text: input.text } as const;
    if (!isSameContent(message, retried)) throw idempotencyConflict(input.clientMessageId ?? '');
    const [first] = await presentStored(tx, [message]);
    return { result: { message: first! }, events: [] };
  }
  const dto = presentMessage(message, actor.kind === 'user' ? actor.name : null);
  // The row goes out unchanged, so open dialogs add the note while the panel keeps its preview.
  return { result: { message: dto }, events: [event('message.created', { message: dto, row: await rowFor(tx, lead) })] };
}
