import type { InboxRow, Message as MessageDto } from '../../contracts/inbox';
import { event, type PendingEvent } from '../realtime/events';
import type { Outcome } from '../realtime/commit';
import type { Tx } from '../storage/db';
import type { Channel } from '../storage/schema';
import { readBusinessSettings } from '../accounts/business-settings';
import { enqueueBotJob } from '../bots/bot-jobs.repo';
import { reopenToLastOperator } from '../dialogs/reopen-dialog';
import { rowFor } from './inbox-row.repo';
import { findLeadByMessengerIdForUpdate, insertLeadIfNew, recordMessageOnLead } from './leads.repo';
import { presentMessage, previewOf } from './leads.presenter';
import { idempotencyConflict, isSameContent } from './idempotency';
import { insertMessageOnce } from './messages.repo';

export interface IncomingMessage {
  channel: Pick<Channel, 'id' | 'business_id' | 'bot_id'>;
  /** The lead's id in the messenger (chat id, visitor id, external CRM id). */
  messengerId: string;
  /** Display name; updates the lead's name when given. */
  name?: string | undefined;
  language?: string | undefined;
  /** The sender's id for this message: a repeat is acknowledged and not stored twice. */
  clientMessageId?: string | undefined;
  text: string;
  payload?: Record<string, unknown> | undefined;
  now: number;
}

export interface Received {
  leadId: number;
  message: MessageDto;
  row: InboxRow;
  duplicate: boolean;
  /** Who should answer: the bot (its scenario) or the contact center (operators, or the queue). */
  handledBy: 'bot' | 'operators';
}

/**
 * A lead's message arrives through a channel. It is stored (once per client message id) with the
 * lead created on first contact. With an operator or waiting, it raises the unread count and never
 * reaches the bot; a closed conversation goes back to the bot. A repeated client message id with the
 * same content is answered as a duplicate; with other content it is 409 idempotency_conflict.
 */
export async function receiveLeadMessage(tx: Tx, m: IncomingMessage): Promise<Outcome<Received>> {
  // Most messages come from known leads: read (and lock) first, insert only on first contact.
  const known = await findLeadByMessengerIdForUpdate(tx, m.channel.id, m.messengerId);
  let { lead, created } = known
    ? { lead: known, created: false }
    : await insertLeadIfNew(tx, {
        businessId: m.channel.business_id,
        botId: m.channel.bot_id,
        channelId: m.channel.id,
        messengerId: m.messengerId,
        name: m.name ?? `Lead ${m.messengerId}`.slice(0, 200),
        language: m.language ?? null,
        now: m.now,
      });
  const events: PendingEvent[] = [];
  if (lead.state === 'closed' && !(await isRepeat(tx, lead.id, m.clientMessageId)) && (await readBusinessSettings(tx, lead.business_id)).reopenToLastOperator) {
    const reopened = await reopenToLastOperator(tx, lead, m.now);
    if (reopened) {
      lead = reopened.lead;
      events.push(...reopened.events);
    }
  }
  const withOperators = lead.state === 'waiting' || lead.state === 'operator';
  const { message, duplicate } = await insertMessageOnce(tx, {
    business_id: lead.business_id,
    lead_id: lead.id,
    dialog_id: withOperators ? lead.current_dialog_id : null,
    author: 'lead',
    author_user_id: null,
    text: m.text,
    payload: m.payload ? JSON.stringify(m.payload) : null,
    client_message_id: m.clientMessageId ?? null,
    delivery: 'none',
    created_at: m.now,
  });
  if (duplicate) {
    const retried = { author: 'lead', authorUserId: null, internal: false, text: m.text, payload: m.payload } as const;
    if (!isSameContent(message, retried)) throw idempotencyConflict(m.clientMessageId ?? '');
    return { result: { leadId: lead.id, message: presentMessage(message, null), row: await rowFor(tx, lead), duplicate, handledBy: withOperators ? 'operators' : 'bot' }, events: [] };
  }
  const updated = await recordMessageOnLead(tx, lead.id, {
    state: lead.state === 'closed' ? 'bot' : lead.state,
    unread_count: withOperators ? lead.unread_count + 1 : lead.unread_count,
    last_message_at: m.now,
    last_message_preview: previewOf(m.text),
    last_message_author: 'lead',
    last_activity_at: m.now,
    name: m.name ? m.name.slice(0, 200) : lead.name,
    language: m.language ?? lead.language,
  });
  // The bot answers after commit, from a durable job: a crash between the two loses nothing.
  if (!withOperators) {
    await enqueueBotJob(tx, {
      businessId: lead.business_id, botId: lead.bot_id, leadId: lead.id, kind: 'lead_message', ref: String(message.id),
      params: { firstContact: created, dialogId: lead.current_dialog_id }, runAt: m.now, now: m.now,
    });
  }
  const row = await rowFor(tx, updated);
  const dto = presentMessage(message, null);
  if (created) events.push(event('lead.created', { row }));
  events.push(event('message.created', { message: dto, row }));
  return { result: { leadId: lead.id, message: dto, row, duplicate: false, handledBy: withOperators ? 'operators' : 'bot' }, events };
}

async function isRepeat(tx: Tx, leadId: number, clientMessageId: string | undefined): Promise<boolean> {
  if (!clientMessageId) return false;
  const r = await tx.selectFrom('messages').select('id').where('lead_id', '=', leadId).where('client_message_id', '=', clientMessageId).executeTakeFirst();
  return r !== undefined;
}
