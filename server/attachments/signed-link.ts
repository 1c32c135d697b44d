import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a download link sent to a webhook works: longer than the outbox retries a delivery (3 days). */
export const LINK_TTL_MS = 7 * 86_400_000;

export interface AttachmentLinks {
  /** An absolute URL that downloads the attachment without a session until `now + LINK_TTL_MS`. */
  signedUrl(attachmentId: number, now: number): string;
  /** null when the link is good; otherwise why it is refused. */
  check(attachmentId: number, q: { expires: number; signature: string }, now: number): 'expired' | 'bad_signature' | null;
}

/**
 * Signs download links with HMAC-SHA256 over the attachment id and the expiry, with a secret of this
 * installation (installation_secrets, made on first start): a link cannot be made for another file or
 * stretched past its expiry without the secret. `publicUrl` is PUBLIC_URL, without a trailing slash.
 */
export function createAttachmentLinks(o: { publicUrl: string; secret: string; ttlMs?: number }): AttachmentLinks {
  const ttl = o.ttlMs ?? LINK_TTL_MS;
  const sign = (id: number, expires: number) => createHmac('sha256', o.secret).update(`attachment:${id}:${expires}`).digest('hex');
  return {
    signedUrl(id, now) {
      const expires = Math.floor((now + ttl) / 1000);
      return `${o.publicUrl}/api/v1/attachments/${id}/download?expires=${expires}&signature=${sign(id, expires)}`;
    },
    check(id, q, now) {
      // The signature is checked before the expiry, so a changed `expires` reads as tampering.
      if (!/^[0-9a-f]{64}$/.test(q.signature)) return 'bad_signature';
      if (!timingSafeEqual(Buffer.from(q.signature, 'hex'), Buffer.from(sign(id, q.expires), 'hex'))) return 'bad_signature';
      return q.expires * 1000 < now ? 'expired' : null;
    },
  };
}
