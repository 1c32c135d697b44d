import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildBusiness, buildUser, FACTORY_PASSWORD } from '../../test/factories';
import { testApp } from '../../test/app';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import type { App } from '../http/app';
import { freshIp, send } from './accounts.test-support';
import { LOGIN_RATE_LIMIT } from './auth.routes';

const MIN = 60_000;

describe.each(await dialects())('login throttling on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let now = Date.UTC(2026, 0, 1);
  beforeAll(async () => {
    rt = await testRuntime(dialect);
    rt.ctx.clock = () => now; // every request reads the clock through ctx, so tests move time
    app = await testApp(rt);
  });
  afterAll(async () => { await app?.close(); await rt?.dispose(); });
  beforeEach(() => { now += 24 * 60 * MIN; });

  async function user() {
    const b = await buildBusiness(rt.ctx.db);
    return buildUser(rt.ctx.db, { businessId: b.id });
  }
  const attempt = (email: string, password: string) => send(app, 'POST', '/api/v1/auth/login', { payload: { email, password } });

  it('after 5 failures in 15 minutes refuses even the right password with 429, until 15 minutes after the last failure', async () => {
    const u = await user();
    for (let i = 0; i < 5; i++) {
      expect((await attempt(u.email, 'wrong-password')).status).toBe(401);
      now += 2 * MIN;
    }
    const lastFailure = now - 2 * MIN;
    const refused = await attempt(u.email, FACTORY_PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('too_many_requests');
    expect(refused.setCookie).toBeUndefined();
    now = lastFailure + 15 * MIN - 1;
    expect((await attempt(u.email.toUpperCase(), FACTORY_PASSWORD)).status).toBe(429);
    now = lastFailure + 15 * MIN;
    expect((await attempt(u.email, FACTORY_PASSWORD)).status).toBe(200);
  });

  it('a success resets the count', async () => {
    const u = await user();
    for (let i = 0; i < 4; i++) await attempt(u.email, 'wrong-password');
    expect((await attempt(u.email, FACTORY_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await attempt(u.email, 'wrong-password')).status).toBe(401);
    expect((await attempt(u.email, FACTORY_PASSWORD)).status).toBe(200);
  });

  it('failures spread over more than 15 minutes never lock', async () => {
    const u = await user();
    for (let i = 0; i < 4; i++) await attempt(u.email, 'wrong-password');
    now += 15 * MIN;
    for (let i = 0; i < 4; i++) expect((await attempt(u.email, 'wrong-password')).status).toBe(401);
    expect((await attempt(u.email, FACTORY_PASSWORD)).status).toBe(200);
  });

  it('counts concurrent failures (no lost updates) and locks unknown e-mails alike', async () => {
    const u = await user();
    const rs = await Promise.all(Array.from({ length: 5 }, () => attempt(u.email, 'wrong-password')));
    expect(rs.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    expect((await attempt(u.email, FACTORY_PASSWORD)).status).toBe(429);
    for (let i = 0; i < 5; i++) await attempt('ghost@example.test', 'whatever1');
    expect((await attempt('ghost@example.test', 'whatever1')).status).toBe(429);
  });

  it('limits login requests per client IP', async () => {
    const u = await user();
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_RATE_LIMIT.max + 1; i++) {
      const r = await send(app, 'POST', '/api/v1/auth/login', { ip, payload: { email: `nobody${i}@example.test`, password: 'x' } });
      statuses.push(r.status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    const limited = await send(app, 'POST', '/api/v1/auth/login', { ip, payload: { email: u.email, password: FACTORY_PASSWORD } });
    expect([limited.status, limited.body.error.code]).toEqual([429, 'too_many_requests']);
    expect((await send(app, 'POST', '/api/v1/auth/login', { payload: { email: u.email, password: FACTORY_PASSWORD } })).status).toBe(200);
  });
});
