import { LIMITS } from '../../contracts/limits';
import { event, type PendingEvent, type Outcome } from '../realtime/index';
import type { Tx } from '../storage/db';
import type { IncomingMessage, Received } from '../channels/index';
import { readBusinessSettings } from '../accounts/index';
import { enqueueBotJob, queueLeadTriggers } from '../bots/index';
import { attachableFor, attachmentsOfMessages, insertAttachment, linkAttachments } from '../attachments/index';
import { isWithOperators } from './dialog.machine';
import { reopenToLastOperator } from './reopen-dialog';
import { startNextResponseClock } from './dialogs.repo';
import { readSurveyAnswer, recordSurveyAnswer } from './csat';
import type { SurveyAnswer } from './csat.rules';
import {
  rowFor,
  findLeadByMessengerIdForUpdate,
  insertLeadIfNew,
  recordMessageOnLead,
  presentMessage,
  previewOf,
  idempotencyConflict,
  isSameContent,
  findByClientMessageId,
  insertMessageOnce,
  applyLeadChanges,
  hasChanges,
  markLeadReachable,
  updateLead,
} from '../leads/index';
import type { AttachmentRow, Lead, Message } from '../storage/schema';

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
        name: (m.name ?? m.defaultName ?? `Lead ${m.messengerId}`).slice(0, LIMITS.leadName),
        language: m.language ?? null,
        now: m.now,
      });
  const events: PendingEvent[] = [];
  const repeat = lead.state === 'closed' && (await isRepeat(tx, lead.id, m.clientMessageId));
  // After a close, the satisfaction survey reads the message first: a rating (or its comment) stays with
  // the closed dialog, neither reopening it nor reaching the bot; anything else goes on as usual.
  const survey = repeat ? NO_ANSWER : await readSurveyAnswer(tx, lead, { text: m.text, hasFiles: !!(m.files?.length || m.attachmentIds?.length), now: m.now });
  const isAnswer = survey.kind !== 'none';
  if (lead.state === 'closed' && !repeat && !isAnswer && (await readBusinessSettings(tx, lead.business_id)).reopenToLastOperator) {
    const reopened = await reopenToLastOperator(tx, lead, m.now);
    if (reopened) {
      lead = reopened.lead;
      events.push(...reopened.events);
    }
  }
  const withOperators = isWithOperators(lead.state);
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
    const retried = { author: 'lead', authorUserId: null, internal: false, text: m.text, payload: m.payload, attachmentIds: m.attachmentIds } as const;
    const firstFiles = m.attachmentIds?.length ? ((await attachmentsOfMessages(tx, [message.id])).get(message.id) ?? []) : [];
    const first = presentMessage(message, null, firstFiles);
    if (
      !isSameContent(
        message,
        retried,
        firstFiles.map((f) => f.id),
        first.payload,
      )
    )
      throw idempotencyConflict(m.clientMessageId ?? '');
    return {
      result: {
        leadId: lead.id,
        message: first,
        row: await rowFor(tx, lead),
        duplicate,
        handledBy: withOperators ? 'operators' : 'bot',
      },
      events: [],
    };
  }
  const files = await attachFiles(tx, lead, message, m);
  // A lead that writes can be reached again (it had blocked the bot, and came back).
  if (lead.unreachable_at !== null) events.push(...(await markLeadReachable(tx, lead.id)));
  // The searchable phone and e-mail a shared contact fills (the message's own update is a prepared statement of fixed columns).
  const attributePatch = await setAttributes(tx, lead, m);
  if (Object.keys(attributePatch).length > 0) await updateLead(tx, lead.id, attributePatch);
  const updated = await recordMessageOnLead(tx, lead.id, {
    state: lead.state === 'closed' && !isAnswer ? 'bot' : lead.state,
    unread_count: withOperators ? lead.unread_count + 1 : lead.unread_count,
    last_message_at: m.now,
    last_message_preview: previewOf(m.text || (files.length ? '📎' : '')),
    last_message_author: 'lead',
    last_activity_at: m.now,
    name: m.name ? m.name.slice(0, LIMITS.leadName) : lead.name,
    language: m.language ?? lead.language,
  });
  if (lead.state === 'operator' && lead.current_dialog_id !== null) await startNextResponseClock(tx, lead.current_dialog_id, m.now);
  // The bot answers after commit, from a durable job: a crash between the two loses nothing.
  if (!withOperators && !isAnswer) {
    await enqueueBotJob(tx, {
      businessId: lead.business_id,
      botId: lead.bot_id,
      leadId: lead.id,
      kind: 'lead_message',
      ref: String(message.id),
      // A first contact: a new lead, or one made before it ever wrote (a widget visitor's upload came first).
      params: { firstContact: created || lead.last_message_at === null, dialogId: lead.current_dialog_id },
      runAt: m.now,
      now: m.now,
    });
  }
  const row = await rowFor(tx, updated);
  const dto = presentMessage(message, null, files);
  if (created) events.push(event('lead.created', { row }));
  events.push(event('message.created', { message: dto, row }));
  if (survey.kind !== 'none') {
    const answered = await recordSurveyAnswer(tx, updated, survey, m.now);
    events.push(...answered.events);
    return { result: { leadId: lead.id, message: dto, row: await rowFor(tx, answered.lead), duplicate: false, handledBy: 'bot' }, events };
  }
  return { result: { leadId: lead.id, message: dto, row, duplicate: false, handledBy: withOperators ? 'operators' : 'bot' }, events };
}

const NO_ANSWER: SurveyAnswer = { kind: 'none', endWait: false };

async function isRepeat(tx: Tx, leadId: number, clientMessageId: string | undefined): Promise<boolean> {
  if (!clientMessageId) return false;
  return (await findByClientMessageId(tx, leadId, clientMessageId)) !== undefined;
}

/** The files the lead sent (new ones, and ones it uploaded before), linked to its message in the same transaction. */
async function attachFiles(tx: Tx, lead: Lead, message: Message, m: IncomingMessage): Promise<AttachmentRow[]> {
  const uploaded = m.attachmentIds?.length ? await attachableFor(tx, { businessId: lead.business_id, leadId: lead.id, ids: m.attachmentIds }) : [];
  const rows: AttachmentRow[] = await linkAttachments(tx, uploaded, { leadId: lead.id, messageId: message.id });
  for (const f of m.files ?? []) {
    rows.push(
      await insertAttachment(tx, {
        business_id: lead.business_id,
        lead_id: lead.id,
        storage_key: f.storageKey,
        name: f.name,
        mime: f.mime,
        size: f.size,
        uploaded_by: null,
        message_id: message.id,
        created_at: m.now,
      }),
    );
  }
  return rows;
}

/** Attributes the messenger tells (a shared phone, a deep-link payload): set like any change of the lead, firing its triggers. */
async function setAttributes(tx: Tx, lead: Lead, m: IncomingMessage) {
  if (!m.attributes || Object.keys(m.attributes).length === 0) return {};
  const { changes, patch } = await applyLeadChanges(tx, lead, { setAttributes: m.attributes });
  if (hasChanges(changes)) await queueLeadTriggers(tx, { lead, changes, depth: 0, now: m.now });
  return patch;
}
