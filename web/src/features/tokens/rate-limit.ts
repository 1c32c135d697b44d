// The API-token rate limit as an administrator types it, checked before it is sent.
import { LIMITS } from '@contracts/limits';

export const RATE_LIMIT = { min: LIMITS.apiRatePerMinute.min, max: LIMITS.apiRatePerMinute.max } as const;

/** The requests a minute typed, or 'bad' when it is not a whole number within RATE_LIMIT. */
export function parseRateLimit(text: string): number | 'bad' {
  const s = text.trim();
  if (!/^\d+$/.test(s)) return 'bad';
  const n = Number(s);
  return n < RATE_LIMIT.min || n > RATE_LIMIT.max ? 'bad' : n;
}
