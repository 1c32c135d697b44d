import { beforeAll, describe, expect, it } from 'vitest';
import { buildTenant, send, type Headers, type Reply } from '../../accounts/accounts.test-support';
import { buildApiToken } from '../../../test/factories';
import { useTestApp } from '../../../test/app';
import { dialects, type TestRuntime } from '../../../test/harness';
import type { App } from '../app-type';

// Ten seconds into a minute: windows are aligned to the clock, so this one ends in 50 s.
const START = Date.UTC(2026, 0, 1, 12, 0, 10);

describe.each(await dialects())('API token rate limit on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let now = START;
  useTestApp(dialect, (r) => ({ rt, app } = r));
  beforeAll(() => {
    rt.ctx.clock = () => now; // every request reads the clock through ctx, so tests move time
  });

  /** A business whose tokens may make `limit` requests a minute (set over HTTP by its admin). */
  async function tenant(limit?: number) {
    const w = await buildTenant(rt.ctx.db);
    if (limit !== undefined) {
      const r = await send(app, 'PATCH', '/api/v1/business', { headers: w.as.admin, payload: { settings: { apiRateLimitPerMinute: limit } } });
      expect([r.status, r.body.business.settings.apiRateLimitPerMinute]).toEqual([200, limit]);
    }
    return w;
  }
  const call = (headers: Headers) => send(app, 'GET', '/api/v1/tokens', { headers });
  const fields = (r: Reply) => [r.status, r.headers['ratelimit-policy'], r.headers['ratelimit']];

  it('tells each answer what is left, refuses over the limit with Retry-After, and lets the token through in the next minute', async () => {
    now = START;
    const w = await tenant(3);
    const policy = '"token";q=3;w=60';
    expect(fields(await call(w.as.token))).toEqual([200, policy, '"token";r=2;t=50']);
    expect(fields(await call(w.as.token))).toEqual([200, policy, '"token";r=1;t=50']);
    now += 1_500;
    expect(fields(await call(w.as.token))).toEqual([200, policy, '"token";r=0;t=49']);

    const over = await call(w.as.token);
    expect(fields(over)).toEqual([429, policy, '"token";r=0;t=49']);
    expect(over.headers['retry-after']).toBe('49');
    expect(over.body).toEqual({
      error: { code: 'too_many_requests', message: expect.stringMatching(/3 requests of this minute; retry in 49 s/), params: { retryAfterSec: 49, limit: 3 } },
    });
    now += 30_000;
    expect((await call(w.as.token)).headers['retry-after']).toBe('19');

    now = START + 50_000; // the next minute
    expect(fields(await call(w.as.token))).toEqual([200, policy, '"token";r=2;t=60']);
  });

  it('keeps a count per token: another token of the business and another business are not touched', async () => {
    now = START + 120_000;
    const w = await tenant(2);
    const other = await tenant();
    const second = { authorization: `Bearer ${(await buildApiToken(rt.ctx.db, { businessId: w.b.id })).secret}` };
    await call(w.as.token);
    await call(w.as.token);
    expect((await call(w.as.token)).status).toBe(429);
    expect(fields(await call(second))).toEqual([200, '"token";q=2;w=60', '"token";r=1;t=50']);
    expect(fields(await call(other.as.token))).toEqual([200, '"token";q=3000;w=60', '"token";r=2999;t=50']);
  });

  it('never limits a browser session, nor public routes called with a token', async () => {
    now = START + 240_000;
    const w = await tenant(1);
    for (let i = 0; i < 4; i++) expect(fields(await call(w.as.admin))).toEqual([200, undefined, undefined]);
    await call(w.as.token);
    expect((await call(w.as.token)).status).toBe(429);
    expect(fields(await send(app, 'GET', '/healthz', { headers: w.as.token }))).toEqual([200, undefined, undefined]);
    expect((await call(w.as.admin)).status).toBe(200);
  });

  it('refuses a limit out of bounds or not a whole number, naming the field; 3000 until set', async () => {
    const w = await tenant();
    const got = await send(app, 'GET', '/api/v1/business', { headers: w.as.admin });
    expect(got.body.business.settings.apiRateLimitPerMinute).toBe(3000);
    for (const bad of [0, 100_001, 1.5, '60', null]) {
      const r = await send(app, 'PATCH', '/api/v1/business', { headers: w.as.admin, payload: { settings: { apiRateLimitPerMinute: bad } } });
      expect([r.status, r.body.error.code]).toEqual([400, 'validation_failed']);
      expect(r.body.error.message).toMatch(/body\.settings\.apiRateLimitPerMinute/);
    }
  });
});
