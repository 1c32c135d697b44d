import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors';
import { isPublicRoute } from '../auth';
import type { RequestCounter } from './counter';

/** The window of the API-token limit: a minute, fixed (aligned to the clock). */
export const TOKEN_WINDOW_MS = 60_000;
/** The policy's name in the RateLimit-Policy and RateLimit fields. */
const POLICY = 'token';

export interface TokenRateLimitOptions {
  counter: RequestCounter;
  /** Requests a minute each API token of the business may make (its setting). */
  limitFor(businessId: number): Promise<number>;
  /** Read on every request (tests move it). */
  clock(): number;
}

/**
 * The RateLimit-Policy and RateLimit fields (draft-ietf-httpapi-ratelimit-headers: Structured Field
 * lists, the policy's name a String): quota per window, what is left now and the seconds until the
 * window ends; `retryAfterSec` is that same number (Retry-After must not come before the window's end).
 */
export function rateLimitFields(limit: number, count: number, resetAt: number, now: number) {
  const resetSec = Math.max(1, Math.ceil((resetAt - now) / 1000));
  return {
    policy: `"${POLICY}";q=${limit};w=${TOKEN_WINDOW_MS / 1000}`,
    current: `"${POLICY}";r=${Math.max(0, limit - count)};t=${resetSec}`,
    over: count > limit,
    retryAfterSec: resetSec,
  };
}

/**
 * Limits requests made with an API token: each token its business's number a minute, counted by
 * `counter` (shared through Redis when processes share one) under the business and the token, so a
 * count never crosses tokens or businesses. Every such answer carries the fields; over the limit it
 * is 429 `too_many_requests` with Retry-After. Browser sessions and public routes are not counted.
 * Registered after the auth hook (it reads `req.actor`).
 */
export function registerTokenRateLimit(app: FastifyInstance, o: TokenRateLimitOptions): void {
  app.addHook('onRequest', async (req, reply) => {
    const actor = req.actor;
    if (actor?.kind !== 'token' || isPublicRoute(req)) return;
    const limit = await o.limitFor(actor.businessId);
    const now = o.clock();
    const { count, resetAt } = await o.counter.hit(`${actor.businessId}:${actor.tokenId}`, now, TOKEN_WINDOW_MS);
    const f = rateLimitFields(limit, count, resetAt, now);
    void reply.header('ratelimit-policy', f.policy);
    void reply.header('ratelimit', f.current);
    if (f.over) {
      throw new AppError('too_many_requests', `This API token made its ${limit} requests of this minute; retry in ${f.retryAfterSec} s`, undefined, {
        retryAfterSec: f.retryAfterSec,
        limit,
      });
    }
  });
}
