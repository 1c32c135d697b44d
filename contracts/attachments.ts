import { z } from 'zod';
import { Id } from './common';
import { ATTACHMENT_MIMES, LIMITS } from './limits';

/** A file an operator uploaded for a lead; linked to a message once sent. */
export const Attachment = z.object({
  id: Id,
  /** The file name as uploaded, cleaned of paths and control characters. */
  name: z.string().max(LIMITS.attachmentName),
  mime: z.enum(ATTACHMENT_MIMES),
  /** Bytes. */
  size: z.number().int().nonnegative(),
  /** Images are shown inline in the history, audio and video with a player; other files as a download. */
  kind: z.enum(['image', 'audio', 'video', 'file']),
  /** App-relative URL of the bytes (GET, with the session or an API token of the business). */
  url: z.string(),
});
export type Attachment = z.infer<typeof Attachment>;

/** The answer to an upload (POST /api/v1/leads/{id}/attachments, multipart with one file field). */
export const UploadedAttachment = z.object({ attachment: Attachment });

/** The query of a signed download link (sent to webhooks; works without a session until it expires). */
export const SignedDownloadQuery = z.strictObject({
  /** Unix seconds after which the link is refused. */
  expires: z.coerce.number().int().positive(),
  /** Hex HMAC-SHA256 of the attachment id and `expires` with the installation's link secret. */
  signature: z.string().min(1).max(128),
});
