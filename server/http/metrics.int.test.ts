// Who may read /metrics: with METRICS_TOKEN, a scraper sending it as a bearer token; without, only
// a direct connection from this machine. No database involved beyond the app's own: SQLite only.
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import type { App } from './app-type';

const TOKEN = 'scrape-me-0123456789abcdef';

describe('/metrics without METRICS_TOKEN', () => {
  let app: App;
  useTestApp('sqlite', (r) => ({ app } = r));

  it('answers a direct connection from loopback', async () => {
    for (const remoteAddress of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      const r = await app.inject({ method: 'GET', url: '/metrics', remoteAddress });
      expect(r.statusCode, remoteAddress).toBe(200);
      expect(r.body).toContain('metadesk_http_request_duration_seconds');
    }
  });

  it('shows the bot-code sandbox pool: workers, busy, queued, replaced', async () => {
    const r = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(r.body).toMatch(/^metadesk_sandbox_workers [1-9]\d*$/m);
    for (const name of ['metadesk_sandbox_busy_workers', 'metadesk_sandbox_queued_runs', 'metadesk_sandbox_replaced_workers']) {
      expect(r.body).toMatch(new RegExp(`^${name} \\d+$`, 'm'));
    }
  });

  it('refuses any other address, and loopback when a proxy forwarded the request', async () => {
    const far = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.7' });
    expect(far.statusCode).toBe(403);
    expect(far.json().error.code).toBe('forbidden');
    expect(far.body).not.toContain('metadesk_');
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      const proxied = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1', headers: { [header]: '203.0.113.7' } });
      expect(proxied.statusCode, header).toBe(403);
    }
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  let app: App;
  useTestApp('sqlite', (r) => ({ app } = r), { METRICS_TOKEN: TOKEN });

  it('answers a scraper with the bearer token, from any address', async () => {
    const r = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.7', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain/);
    expect(r.body).toContain('metadesk_http_request_duration_seconds');
  });

  it('refuses no token, a wrong token and another scheme with 401, loopback included', async () => {
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, 'Bearer ', `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}`]) {
      const r = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1', headers: authorization ? { authorization } : {} });
      expect(r.statusCode, authorization).toBe(401);
      expect(r.json().error.code).toBe('unauthenticated');
      expect(r.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    }
  });
});

describe('METRICS_TOKEN configuration', () => {
  it('refuses a token too short to be a secret', async () => {
    const { loadConfig } = await import('../config');
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });
});
