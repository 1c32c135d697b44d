// An error in the operator's language: the code decides the sentence; the server's English message
// is kept only for codes we have no sentence for.
import type { TFunction } from 'i18next';
import { ApiError } from './api';

export function errorMessage(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    // With parameters, the sentence that names them (the file, the limit); else the code's own sentence.
    const withParams = Object.keys(err.params).length ? t(`errors.${err.code}_params`, { ...err.params, defaultValue: '' }) : '';
    return withParams || t(`errors.${err.code}`, { defaultValue: '' }) || err.message;
  }
  return t('errors.internal');
}

/** Field errors of a validation failure, by the field's last path segment ("body.email" → "email"). */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError) || err.code !== 'validation_failed') return {};
  const out: Record<string, string> = {};
  for (const d of err.details) out[d.path.split('.').pop() ?? d.path] = d.message;
  return out;
}
