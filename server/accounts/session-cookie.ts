import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { hashSecret } from './secrets';
import type { SignInDeps } from './sign-in';

// The browser session cookie: HttpOnly (scripts never see it), SameSite=Lax, Secure behind HTTPS.

export const SESSION_COOKIE = 'md_session';

/** Use-case dependencies for signing in, with the session lifetime from configuration. */
export function signInDeps(ctx: AppContext): SignInDeps {
  return { db: ctx.db, bus: ctx.bus, clock: ctx.clock, sessionTtlMs: ctx.config.SESSION_TTL_HOURS * 3_600_000 };
}

export function setSessionCookie(reply: FastifyReply, ctx: AppContext, token: string): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.COOKIE_SECURE,
    path: '/',
    maxAge: Math.floor(ctx.config.SESSION_TTL_HOURS * 3600),
  });
}

export function clearSessionCookie(reply: FastifyReply, ctx: AppContext): void {
  void reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: ctx.config.COOKIE_SECURE, path: '/' });
}

/** The stored id (hash) of the session the request came with. */
export function sessionIdOf(req: FastifyRequest): string {
  const token = req.cookies[SESSION_COOKIE];
  if (!token) throw new AppError('unauthenticated', 'This route needs a browser session');
  return hashSecret(token);
}

/** The stored id (hash) of the request's session cookie, if it has one. */
export function currentSessionId(req: FastifyRequest): string | undefined {
  const token = req.cookies[SESSION_COOKIE];
  return token ? hashSecret(token) : undefined;
}
