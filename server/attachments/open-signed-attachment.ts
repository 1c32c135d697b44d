import type { AppContext } from '../context';
import { forbidden, notFound } from '../errors';
import { findAttachmentById } from './attachments.repo';
import type { OpenedAttachment } from './open-attachment';

/**
 * The bytes of an attachment for whoever holds a signed link (a webhook's receiver): no session,
 * the signature is the permission. A changed id, expiry or signature, or a link past its expiry, is refused.
 */
export async function openSignedAttachment(
  deps: Pick<AppContext, 'db' | 'blobs' | 'attachmentLinks'>,
  input: { attachmentId: number; expires: number; signature: string; now: number },
): Promise<OpenedAttachment> {
  const why = deps.attachmentLinks.check(input.attachmentId, input, input.now);
  if (why === 'bad_signature') throw forbidden('This download link is not valid: its signature does not match');
  if (why === 'expired') throw forbidden('This download link has expired; links sent to webhooks work for 7 days');
  const attachment = await findAttachmentById(deps.db, input.attachmentId);
  const content = attachment ? await deps.blobs.get(attachment.storage_key) : null;
  if (!attachment || !content) throw notFound('Attachment');
  return { attachment, content };
}
