import type { AppContext } from '../context';
import { readBusinessSettings } from './business-settings';

/** A changed limit applies within this long (the setting is asked on every token request). */
const LIMIT_CACHE_MS = 5_000;

/** Each business's API-token limit (requests a minute), from its settings, for the HTTP layer's rate limit. */
export function createApiRateLimits(ctx: Pick<AppContext, 'db' | 'clock'>): (businessId: number) => Promise<number> {
  const cache = new Map<number, { limit: number; until: number }>();
  return async (businessId) => {
    const now = ctx.clock();
    const hit = cache.get(businessId);
    if (hit && hit.until >= now) return hit.limit;
    const limit = (await readBusinessSettings(ctx.db, businessId)).apiRateLimitPerMinute;
    if (cache.size > 10_000) cache.clear();
    cache.set(businessId, { limit, until: now + LIMIT_CACHE_MS });
    return limit;
  };
}
