import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../accounts/actor';
import { findLiveApiToken, findLiveSession } from '../accounts/credentials.repo';
import { hashSecret } from '../accounts/secrets';
import type { AppContext } from '../context';
import { AppError } from '../errors';

export const SESSION_COOKIE = 'md_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answered without credentials (sign-in, setup, health, the signed download, the web app). Every other route needs an actor. */
    public?: boolean;
    /** The route checks a credential of its own (/metrics's scrape token): no session or API token is resolved. */
    ownCredentials?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** A session cookie came without its CSRF token on a mutating request. */
    csrfRejected: boolean;
  }
  interface FastifyInstance {
    /** Drops cached API-token lookups (after a revoke, so it takes effect at once in this process). */
    forgetApiTokens(): void;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Public routes added by plugins that take no route config: the API reference's pages and files. */
const PUBLIC_PREFIXES = ['/api/docs'];
const TOKEN_CACHE_MS = 5_000;

/**
 * Resolves who is calling: a session cookie (browsers; mutating requests must echo the session's
 * CSRF token in a header) or `Authorization: Bearer <api token>` (machines). Routes then demand
 * an actor with `requireActor`.
 */
export function registerAuth(app: FastifyInstance, ctx: AppContext): void {
  // API tokens are read on every inbound message; a short cache keeps the hot path off the database.
  const tokenCache = new Map<string, { value: Awaited<ReturnType<typeof findLiveApiToken>>; until: number }>();
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfRejected', false);
  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.config.ownCredentials) return;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const hash = hashSecret(auth.slice(7).trim());
      const now = ctx.clock();
      let hit = tokenCache.get(hash);
      if (!hit || hit.until < now) {
        hit = { value: await findLiveApiToken(ctx.db, hash), until: now + TOKEN_CACHE_MS };
        if (tokenCache.size > 10_000) tokenCache.clear();
        tokenCache.set(hash, hit);
      }
      if (!hit.value) throw new AppError('unauthenticated', 'API token is unknown or revoked');
      req.actor = { kind: 'token', businessId: hit.value.businessId, tokenId: hit.value.tokenId, roles: hit.value.roles };
      return;
    }
    const cookie = req.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const session = await findLiveSession(ctx.db, hashSecret(cookie), ctx.clock());
    if (!session) return;
    if (!SAFE_METHODS.has(req.method) && req.headers[CSRF_HEADER] !== session.csrfToken) {
      // Not an error yet: routes that need no sign-in (login, setup) still work with a stale cookie.
      req.csrfRejected = true;
      return;
    }
    req.actor = { kind: 'user', businessId: session.businessId, userId: session.userId, roles: session.roles, name: session.name };
  });
  // Authenticate before anything reads the body: an anonymous caller learns nothing from the schema
  // (401, or 403 csrf_failed for a cookie without its header), and its body is never parsed.
  app.addHook('onRequest', async (req) => {
    if (req.is404 || isPublicRoute(req)) return;
    requireActor(req);
  });
  app.decorate('forgetApiTokens', () => tokenCache.clear());
}

/** Routes that answer without credentials: `config: { public: true }`, or served by the docs plugin. */
export function isPublicRoute(req: FastifyRequest): boolean {
  const route = req.routeOptions;
  return route.config.public === true || PUBLIC_PREFIXES.some((p) => route.url?.startsWith(p) ?? false);
}

/** Marks every route registered in this scope (and its children) public: for plugins whose routes take no config. */
export function markRoutesPublic(scope: FastifyInstance): void {
  scope.addHook('onRoute', (route) => {
    route.config = { ...route.config, public: true };
  });
}

/** The caller, or 401. */
export function requireActor(req: FastifyRequest): Actor {
  if (req.csrfRejected) throw new AppError('csrf_failed', `Missing or wrong ${CSRF_HEADER} header (it is returned by login and GET /api/v1/me)`);
  if (!req.actor) throw new AppError('unauthenticated', 'Sign in or send an API token');
  return req.actor;
}

/** The signed-in person, or 401 (for routes that only make sense for a browser session). */
export function requireUser(req: FastifyRequest): Extract<Actor, { kind: 'user' }> {
  const a = requireActor(req);
  if (a.kind !== 'user') throw new AppError('forbidden', 'This route is for signed-in users, not API tokens');
  return a;
}
