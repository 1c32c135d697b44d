import type { Actor } from '../shared/actor';
import type { InboxRow, Message as MessageDto } from '../../contracts/inbox';
import { attachableFor, linkAttachments, attachmentsOfMessages, presentForWebhook, type AttachmentLinks } from '../attachments/index';
import { queueDelivery } from '../channels/index';
import {
  rowFor,
  updateLead,
  presentMessage,
  previewWithFiles,
  idempotencyConflict,
  isSameContent,
  findByClientMessageId,
  insertMessageOnce,
  setDelivery,
} from '../leads/index';
import { markOperatorAnswer } from './dialogs.repo';
import { badInput } from '../errors';
import { event, type Outcome } from '../realtime/index';
import type { Tx } from '../storage/db';
import { loadConversation } from './conversation';
import { enterDialog, planEntry } from './enter-dialog';

/**
 * An operator writes to a lead. Into a bot conversation it opens a dialog with the writer
 * (interrupting the bot's scenario); into a waiting one it takes it first. The message is queued
 * for the lead's messenger in the same transaction. A repeated clientMessageId with the same text and
 * files returns the first message; with other content (or another author) it is 409 idempotency_conflict.
 * Attachments (uploaded for this lead, not sent yet) are linked to the message in the same transaction;
 * the webhook gets a signed link to each (`links` signs them; needed when there are attachments).
 */
export async function sendOperatorMessage(
  tx: Tx,
  input: {
    actor: Actor & { kind: 'user' };
    leadId: number;
    text: string;
    attachmentIds?: number[] | undefined;
    clientMessageId?: string | undefined;
    links?: AttachmentLinks | undefined;
    now: number;
  },
): Promise<Outcome<{ message: MessageDto; row: InboxRow }>> {
  const { actor, now } = input;
  const c = await loadConversation(tx, actor.businessId, input.leadId);
  if (input.clientMessageId) {
    const first = await findByClientMessageId(tx, c.lead.id, input.clientMessageId);
    if (first) {
      const files = await attachmentsOfMessages(tx, [first.id]);
      const retried = { author: 'operator', authorUserId: actor.userId, internal: false, text: input.text, attachmentIds: input.attachmentIds } as const;
      if (
        !isSameContent(
          first,
          retried,
          (files.get(first.id) ?? []).map((f) => f.id),
        )
      )
        throw idempotencyConflict(input.clientMessageId);
      return { result: { message: presentMessage(first, actor.name, files.get(first.id)), row: await rowFor(tx, c.lead) }, events: [] };
    }
  }
  const entry = await planEntry(tx, c, actor);
  const files = await attachableFor(tx, { businessId: actor.businessId, leadId: c.lead.id, ids: input.attachmentIds ?? [] });
  if (!input.text.trim() && files.length === 0) throw badInput('body.text', 'write a text or attach at least one file');
  if (files.length > 0 && !input.links) throw new Error('sendOperatorMessage: attachments need links to sign for the webhook');
  const { dialogId, events } = await enterDialog(tx, c, entry, now);

  const { message: stored } = await insertMessageOnce(tx, {
    business_id: actor.businessId,
    lead_id: c.lead.id,
    dialog_id: dialogId,
    author: 'operator',
    author_user_id: actor.userId,
    text: input.text,
    payload: null,
    client_message_id: input.clientMessageId ?? null,
    delivery: 'none',
    created_at: now,
  });
  const linked = await linkAttachments(tx, files, { leadId: c.lead.id, messageId: stored.id });
  const lead = await updateLead(tx, c.lead.id, {
    unread_count: 0,
    last_message_at: now,
    last_message_preview: previewWithFiles(
      input.text,
      linked.map((a) => a.name),
    ),
    last_message_author: 'operator',
    last_activity_at: now,
  });
  const { links } = input;
  const forWebhook = links ? linked.map((a) => presentForWebhook(a, links, now)) : [];
  const delivery = await queueDelivery(tx, lead, stored, actor.name, now, forWebhook);
  const message = delivery === 'none' ? stored : await setDelivery(tx, stored.id, delivery);
  await markOperatorAnswer(tx, dialogId, now);
  const row = await rowFor(tx, lead);
  const dto = presentMessage(message, actor.name, linked);
  events.push(event('message.created', { message: dto, row }));
  if (c.lead.unread_count > 0) events.push(event('unread.changed', { leadId: lead.id, unreadCount: 0 }));
  return { result: { message: dto, row }, events };
}
