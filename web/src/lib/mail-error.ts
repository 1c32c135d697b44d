// What went wrong sending mail through the business's SMTP server, in the operator's language:
// none set up (409), or the server's own reply when it refused or could not be reached (502).
import type { TFunction } from 'i18next';
import { ApiError } from './api';
import { errorMessage } from './error-message';

/** A loose check before sending (the server checks properly): something@something.tld, no spaces. */
export function looksLikeEmail(s: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s.trim());
}

export function mailErrorMessage(t: TFunction, err: unknown): string {
  if (err instanceof ApiError && err.code === 'upstream_failed') {
    const reply = typeof err.params.reply === 'string' ? err.params.reply : err.message;
    return t('mail.refused', { reply, interpolation: { escapeValue: false } });
  }
  if (err instanceof ApiError && err.code === 'conflict') return t('mail.notConfigured');
  return errorMessage(t, err);
}
