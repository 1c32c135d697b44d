import { sql } from 'kysely';
import client from 'prom-client';
import { z } from 'zod';
import type { AppContext } from '../context';
import type { App } from './app';
import { metricsAccess } from './metrics';

/** Liveness with a database round-trip, and Prometheus metrics. */
export function systemRoutes(app: App, ctx: AppContext, registry: client.Registry): void {
  app.get(
    '/healthz',
    { config: { public: true }, schema: { tags: ['system'], security: [], response: { 200: z.object({ ok: z.literal(true), db: z.enum(['sqlite', 'postgres']) }) } } },
    async () => {
      await sql`select 1`.execute(ctx.db);
      return { ok: true as const, db: ctx.dialect };
    },
  );
  // Public for the sign-in check; metricsAccess demands its own scrape token (or loopback) instead.
  app.get('/metrics', { config: { public: true, ownCredentials: true }, schema: { hide: true }, onRequest: metricsAccess(ctx.config) }, async (_req, reply) => {
    void reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}
