import { createHash, randomBytes } from 'node:crypto';

/** A random URL-safe secret (session cookies, API tokens, webhook keys). */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Secrets are stored only as their sha256, so a leaked database holds no usable credential. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
