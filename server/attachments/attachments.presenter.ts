import type { Attachment } from '../../contracts/attachments';
import type { AttachmentMime } from '../../contracts/limits';
import type { AttachmentRow } from '../storage/schema';
import { contentDisposition, kindOf } from './attachment.rules';
import type { AttachmentLinks } from './signed-link';

/** An attachment row as the API shows it, with the app-relative URL of its bytes. */
export function presentAttachment(a: AttachmentRow): Attachment {
  return {
    id: a.id,
    name: a.name,
    mime: a.mime as AttachmentMime, // only allowed types are ever stored (upload-attachment.ts)
    size: a.size,
    kind: kindOf(a.mime),
    url: `/api/v1/attachments/${a.id}`,
  };
}

/** For a webhook: the same, with an absolute signed link that works without a session. */
export function presentForWebhook(a: AttachmentRow, links: AttachmentLinks, now: number): Attachment {
  return { ...presentAttachment(a), url: links.signedUrl(a.id, now) };
}

/**
 * Headers of a download. The type is the checked one; only images are shown inline, anything else
 * is saved; nosniff keeps the browser from reading a file as another type, and the sandbox CSP keeps
 * whatever it renders from running script with our origin.
 */
export function downloadHeaders(a: AttachmentRow): Record<string, string> {
  return {
    'content-type': a.mime,
    'content-length': String(a.size),
    'content-disposition': contentDisposition(kindOf(a.mime) === 'image' ? 'inline' : 'attachment', a.name),
    'x-content-type-options': 'nosniff',
    // The bytes under an id never change; private keeps them out of shared caches.
    'cache-control': 'private, max-age=86400',
    'content-security-policy': 'sandbox',
  };
}
