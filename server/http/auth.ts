import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../shared/actor';
import { AppError } from '../errors';

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

/** How the accounts module tells who holds a credential (http knows no tables). */
export interface Credentials {
  /** The browser session cookie's name. */
  cookieName: string;
  /** The actor behind an API token, or null when it is unknown or revoked. */
  byToken(token: string): Promise<Actor | null>;
  /** The live session behind a cookie, with the CSRF token its mutating requests must echo; or null. */
  bySession(cookie: string): Promise<{ actor: Actor; csrfToken: string } | null>;
  /** Drops cached lookups (after a revoke, so it takes effect at once in this process). */
  forget(): void;
}

/**
 * Resolves who is calling: a session cookie (browsers; mutating requests must echo the session's
 * CSRF token in a header) or `Authorization: Bearer <api token>` (machines). Routes then demand
 * an actor with `requireActor`.
 */
export function registerAuth(app: FastifyInstance, credentials: Credentials): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfRejected', false);
  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.config.ownCredentials) return;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const actor = await credentials.byToken(auth.slice(7).trim());
      if (!actor) throw new AppError('unauthenticated', 'API token is unknown or revoked');
      req.actor = actor;
      return;
    }
    const cookie = req.cookies[credentials.cookieName];
    if (!cookie) return;
    const session = await credentials.bySession(cookie);
    if (!session) return;
    if (!SAFE_METHODS.has(req.method) && req.headers[CSRF_HEADER] !== session.csrfToken) {
      // Not an error yet: routes that need no sign-in (login, setup) still work with a stale cookie.
      req.csrfRejected = true;
      return;
    }
    req.actor = session.actor;
  });
  // Authenticate before anything reads the body: an anonymous caller learns nothing from the schema
  // (401, or 403 csrf_failed for a cookie without its header), and its body is never parsed.
  app.addHook('onRequest', async (req) => {
    if (req.is404 || isPublicRoute(req)) return;
    requireActor(req);
  });
  app.decorate('forgetApiTokens', () => credentials.forget());
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
