import { sql } from 'kysely';
import client from 'prom-client';
import { z } from 'zod';
import type { AppContext } from '../context';
import type { App } from './app-type';
import { metricsAccess } from './metrics';

const Health = z.object({
  ok: z.literal(true),
  /** The database answered a round-trip. */
  db: z.enum(['sqlite', 'postgres']),
  /**
   * Only with REDIS_URL. `unreachable` is degraded, not down: the process serves, its own events reach
   * its sockets, other processes' events within seconds (from the event log), and it reconnects by itself.
   */
  redis: z.enum(['connected', 'unreachable']).optional(),
});

/** Liveness with a database round-trip (and the Redis bus's state, when there is one), and Prometheus metrics. */
export function systemRoutes(app: App, ctx: AppContext, registry: client.Registry): void {
  app.get('/healthz', { config: { public: true }, schema: { tags: ['system'], security: [], response: { 200: Health } } }, async () => {
    await sql`select 1`.execute(ctx.db);
    const link = ctx.bus.link;
    return link ? { ok: true as const, db: ctx.dialect, redis: link } : { ok: true as const, db: ctx.dialect };
  });
  // Public for the sign-in check; metricsAccess demands its own scrape token (or loopback) instead.
  app.get('/metrics', { config: { public: true, ownCredentials: true }, schema: { hide: true }, onRequest: metricsAccess(ctx.config) }, async (_req, reply) => {
    void reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}
