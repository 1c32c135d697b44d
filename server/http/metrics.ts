import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import client from 'prom-client';
import type { Config } from '../config';
import { AppError } from '../errors';
import type { App } from './app-type';

/** A registry per app (tests build many apps in one process) with HTTP timings and process metrics. */
export function createMetrics(app: App): client.Registry {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'metadesk_' });
  const duration = new client.Histogram({
    name: 'metadesk_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    duration.observe({ method: req.method, route: req.routeOptions.url ?? 'unknown', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  return registry;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

/**
 * Who may scrape /metrics. With METRICS_TOKEN: exactly `Authorization: Bearer <token>` (Prometheus's
 * `authorization: { credentials_file: … }`), from any address. Without: only a direct connection
 * from this machine; a request a proxy forwarded is refused even when the proxy is on loopback,
 * so a local reverse proxy does not make the metrics public.
 */
export function metricsAccess(config: Pick<Config, 'METRICS_TOKEN'>): (req: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const expected = config.METRICS_TOKEN ? crypto.createHash('sha256').update(config.METRICS_TOKEN).digest() : null;
  return async (req, reply) => {
    if (expected) {
      const auth = req.headers.authorization ?? '';
      const given = crypto
        .createHash('sha256')
        .update(auth.startsWith('Bearer ') ? auth.slice(7).trim() : '')
        .digest();
      // Hashes of equal length, compared in constant time: the token's length and prefix do not leak.
      if (auth.startsWith('Bearer ') && crypto.timingSafeEqual(given, expected)) return;
      void reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw new AppError('unauthenticated', 'Send the METRICS_TOKEN as Authorization: Bearer <token>');
    }
    const direct = LOOPBACK.has(req.socket.remoteAddress ?? '') && !FORWARDING_HEADERS.some((h) => h in req.headers);
    if (!direct) throw new AppError('forbidden', 'Metrics answer only on this machine unless METRICS_TOKEN is set');
  };
}
