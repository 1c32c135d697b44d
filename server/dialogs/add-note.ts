import { hasRole, type Actor } from '../accounts/actor';
import type { Message as MessageDto } from '../../contracts/inbox';
import { conflict, forbidden, notFound } from '../errors';
import { rowFor } from '../leads/inbox-row.repo';
import { findLead } from '../leads/leads.repo';
import { presentMessage } from '../leads/leads.presenter';
import { authorNames, insertNoteOnce } from '../leads/messages.repo';
import { event } from '../realtime/events';
import type { Outcome } from '../realtime/commit';
import type { Tx } from '../storage/db';

/**
 * An operator or administrator (a person or a token) writes an internal note into a lead's
 * history, in any state. Only the contact center sees it: nothing is queued for the messenger, and
 * the conversation stays exactly as it was — state, dialog and its first response, unread count,
 * the panel row (preview and order), the bot's scenario. A repeated clientMessageId returns the first note.
 */
export async function addNote(
  tx: Tx,
  input: { actor: Actor; leadId: number; text: string; clientMessageId?: string | undefined; now: number },
): Promise<Outcome<{ message: MessageDto }>> {
  const { actor, now } = input;
  if (!hasRole(actor, 'operator', 'admin')) throw forbidden('Only operators and administrators write notes');
  const lead = await findLead(tx, actor.businessId, input.leadId);
  if (!lead) throw notFound('Lead');
  const open = lead.state === 'waiting' || lead.state === 'operator';
  const { message, duplicate } = await insertNoteOnce(tx, {
    business_id: actor.businessId, lead_id: lead.id, dialog_id: open ? lead.current_dialog_id : null, author: 'operator',
    author_user_id: actor.kind === 'user' ? actor.userId : null, text: input.text, payload: null,
    client_message_id: input.clientMessageId ?? null, delivery: 'none', created_at: now,
  });
  if (duplicate) {
    // The same key on a real message must not come back dressed as this note's answer.
    if (message.internal !== 1) throw conflict(`clientMessageId "${input.clientMessageId ?? ''}" was already used for a message to the lead`);
    const names = await authorNames(tx, message.author_user_id ? [message.author_user_id] : []);
    return { result: { message: presentMessage(message, names.get(message.author_user_id ?? 0) ?? null) }, events: [] };
  }
  const dto = presentMessage(message, actor.kind === 'user' ? actor.name : null);
  // The row goes out unchanged, so open dialogs add the note while the panel keeps its preview.
  return { result: { message: dto }, events: [event('message.created', { message: dto, row: await rowFor(tx, lead) })] };
}
