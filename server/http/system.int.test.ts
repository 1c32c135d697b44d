import { describe, expect, it } from 'vitest';
import { dialects } from '../../test/harness';
import { useTestApp } from '../../test/app';
import type { App } from './app-type';

describe.each(await dialects())('system routes on %s', (dialect) => {
  let app: App;
  useTestApp(dialect, (r) => ({ app } = r));

  it('answers /healthz after a database round-trip', async () => {
    const r = await app.inject({ method: 'GET', url: '/healthz' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ ok: true, db: dialect });
  });

  it('sends security headers on pages, API answers and errors alike', async () => {
    for (const url of ['/', '/healthz', '/api/v1/no-such-route']) {
      const r = await app.inject({ method: 'GET', url });
      expect(r.headers['x-content-type-options'], url).toBe('nosniff');
      expect(r.headers['x-frame-options'], url).toBe('SAMEORIGIN');
      // Plain HTTP here: HSTS only behind HTTPS (security-headers.int.test.ts).
      expect(r.headers['strict-transport-security'], url).toBeUndefined();
      expect(r.headers['x-powered-by'], url).toBeUndefined();
    }
  });

  it('serves Prometheus metrics including request timings', async () => {
    await app.inject({ method: 'GET', url: '/healthz' });
    const r = await app.inject({ method: 'GET', url: '/metrics' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('metadesk_http_request_duration_seconds_bucket');
  });

  it('serves the OpenAPI document and the docs page', async () => {
    const spec = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(spec.statusCode).toBe(200);
    expect(spec.json().openapi).toMatch(/^3\./);
    const page = await app.inject({ method: 'GET', url: '/api/docs' });
    expect([200, 302]).toContain(page.statusCode);
  });

  it('answers unknown routes with the error shape', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('not_found');
  });
});
