import type { AppContext } from '../context';
import type { Credentials } from '../http/auth';
import { findLiveApiToken, findLiveSession } from './credentials.repo';
import { hashSecret } from './secrets';
import { SESSION_COOKIE } from './session-cookie';

const TOKEN_CACHE_MS = 5_000;

/** Who holds a session cookie or an API token, for the HTTP layer's auth hook. */
export function createCredentials(ctx: Pick<AppContext, 'db' | 'clock'>): Credentials {
  // API tokens are read on every inbound message; a short cache keeps the hot path off the database.
  const tokenCache = new Map<string, { value: Awaited<ReturnType<typeof findLiveApiToken>>; until: number }>();
  return {
    cookieName: SESSION_COOKIE,
    async byToken(token) {
      const hash = hashSecret(token);
      const now = ctx.clock();
      let hit = tokenCache.get(hash);
      if (!hit || hit.until < now) {
        hit = { value: await findLiveApiToken(ctx.db, hash), until: now + TOKEN_CACHE_MS };
        if (tokenCache.size > 10_000) tokenCache.clear();
        tokenCache.set(hash, hit);
      }
      const t = hit.value;
      return t ? { kind: 'token', businessId: t.businessId, tokenId: t.tokenId, roles: t.roles } : null;
    },
    async bySession(cookie) {
      const s = await findLiveSession(ctx.db, hashSecret(cookie), ctx.clock());
      return s ? { actor: { kind: 'user', businessId: s.businessId, userId: s.userId, roles: s.roles, name: s.name }, csrfToken: s.csrfToken } : null;
    },
    forget: () => tokenCache.clear(),
  };
}
