import type { Readable } from 'node:stream';
import type { Actor } from '../shared/actor';
import type { AppContext } from '../context';
import { forbidden, notFound } from '../errors';
import type { AttachmentRow } from '../storage/schema';
import { canRead } from './attachments.policy';
import { findAttachment } from './attachments.repo';

export interface OpenedAttachment {
  attachment: AttachmentRow;
  content: Readable;
}

/** The bytes of an attachment for someone of its business who may read histories; another business's id is not found. */
export async function openAttachment(deps: Pick<AppContext, 'db' | 'blobs'>, input: { actor: Actor; attachmentId: number }): Promise<OpenedAttachment> {
  if (!canRead(input.actor)) throw forbidden('Files are for operators, administrators and viewers');
  const attachment = await findAttachment(deps.db, input.actor.businessId, input.attachmentId);
  const content = attachment ? await deps.blobs.get(attachment.storage_key) : null;
  if (!attachment || !content) throw notFound('Attachment');
  return { attachment, content };
}

/** The bytes of a message's attachment for its delivery to the lead's messenger (no person asks: the outbox does); null when gone. */
export async function openAttachmentForDelivery(
  deps: Pick<AppContext, 'db' | 'blobs'>,
  o: { businessId: number; attachmentId: number },
): Promise<OpenedAttachment | null> {
  const attachment = await findAttachment(deps.db, o.businessId, o.attachmentId);
  const content = attachment ? await deps.blobs.get(attachment.storage_key) : null;
  return attachment && content ? { attachment, content } : null;
}
