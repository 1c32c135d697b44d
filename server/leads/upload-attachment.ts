import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { LIMITS } from '../../contracts/limits';
import type { Actor } from '../shared/actor';
import type { AppContext } from '../context';
import { AppError, forbidden, notFound } from '../errors';
import { findLead } from './leads.repo';
import type { AttachmentRow } from '../storage/schema';
import { ACCEPTED_IN_WORDS, acceptedMime, cleanFileName, canUpload, insertAttachment, checkedContent } from '../attachments/index';

export interface Upload {
  /** The file name the browser sent. */
  name: string;
  /** The type the browser declared. */
  mime: string;
  content: Readable;
}

/**
 * An operator uploads a file for a lead, to send with a message later. The type must be allowed and
 * the content must match it; size is limited while the bytes stream to storage. The row is written
 * only once the bytes are stored, so a row always has its file; a failed upload leaves nothing.
 */
export async function uploadAttachment(
  deps: Pick<AppContext, 'db' | 'blobs'>,
  input: { actor: Actor; leadId: number; file: Upload; now: number },
): Promise<AttachmentRow> {
  try {
    return await store(deps, input);
  } catch (err) {
    // A refused upload is not read any further: letting go of the stream ends the request's body.
    input.file.content.destroy();
    throw err;
  }
}

async function store(deps: Pick<AppContext, 'db' | 'blobs'>, input: { actor: Actor; leadId: number; file: Upload; now: number }): Promise<AttachmentRow> {
  const { actor, file } = input;
  if (!canUpload(actor)) throw forbidden('Only operators and administrators, signed in, can upload files');
  const lead = await findLead(deps.db, actor.businessId, input.leadId);
  if (!lead) throw notFound('Lead');
  const name = cleanFileName(file.name);
  const mime = acceptedMime(file.mime, name);
  if (!mime)
    throw new AppError('unsupported_type', `Files of type ${file.mime || 'unknown'} (${name}) cannot be sent; allowed: ${ACCEPTED_IN_WORDS}`, undefined, {
      name,
      type: file.mime || 'unknown',
    });

  const key = randomBytes(24).toString('base64url');
  const content = checkedContent(file.content, { mime, name, maxBytes: LIMITS.attachmentBytes });
  await deps.blobs.put(key, content.stream);
  try {
    return await insertAttachment(deps.db, {
      business_id: actor.businessId,
      lead_id: lead.id,
      storage_key: key,
      name,
      mime,
      size: content.size(),
      uploaded_by: actor.kind === 'user' ? actor.userId : null,
      message_id: null,
      created_at: input.now,
    });
  } catch (err) {
    await deps.blobs.delete(key).catch(() => undefined); // no file without its row
    throw err;
  }
}
