import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildBusiness, buildUser, FACTORY_PASSWORD } from '../../test/factories';
import { testApp } from '../../test/app';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import type { App } from '../http/app-type';
import { freshIp, send, type Reply } from './accounts.test-support';
import { LOGIN_RATE_LIMIT } from './auth.routes';
import { recordLoginFailure } from './login-attempts.repo';
import { LOGIN_THROTTLE } from './login-throttle';

const SEC = 1000;

// Throttling slows whoever fails, per address and per (account, address), with back-off; it never
// locks the owner out from an address that has not failed (login-throttle.ts says why).
describe.each(await dialects())('login throttling on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let now = Date.UTC(2026, 0, 1);
  beforeAll(async () => {
    rt = await testRuntime(dialect);
    rt.ctx.clock = () => now; // every request reads the clock through ctx, so tests move time
    app = await testApp(rt);
  });
  afterAll(async () => {
    await app?.close();
    await rt?.dispose();
  });
  beforeEach(() => {
    now += 2 * LOGIN_THROTTLE.forgetMs;
  });

  async function user() {
    const b = await buildBusiness(rt.ctx.db);
    return buildUser(rt.ctx.db, { businessId: b.id });
  }
  const attempt = (ip: string, email: string, password: string) => send(app, 'POST', '/api/v1/auth/login', { ip, payload: { email, password } });
  function expectThrottled(r: Reply, sec: number) {
    expect([r.status, r.body.error.code]).toEqual([429, 'too_many_requests']);
    expect(r.headers['retry-after']).toBe(String(sec));
    expect(r.body.error.params).toEqual({ retryAfterSec: sec });
    expect(r.setCookie).toBeUndefined();
  }

  it("throttles the attacker's address while the owner signs in from a clean address", async () => {
    const u = await user();
    const attacker = freshIp();
    for (let i = 0; i < 5; i++) expect((await attempt(attacker, u.email, 'wrong-password')).status).toBe(401);
    // The attacker waits, even with the right password (it is not even checked)...
    expectThrottled(await attempt(attacker, u.email, FACTORY_PASSWORD), 1);
    expectThrottled(await attempt(attacker, u.email.toUpperCase(), 'wrong-password'), 1);
    // ...while the owner, from another address, is never refused.
    expect((await attempt(freshIp(), u.email, FACTORY_PASSWORD)).status).toBe(200);
  });

  it("makes the attacker's waits grow (1 s, 2 s, 4 s …) and says exactly when to retry", async () => {
    const u = await user();
    const attacker = freshIp();
    for (let i = 0; i < 4; i++) expect((await attempt(attacker, u.email, 'wrong-password')).status).toBe(401);
    for (const wait of [1, 2, 4, 8, 16]) {
      expect((await attempt(attacker, u.email, 'wrong-password')).status).toBe(401);
      expectThrottled(await attempt(attacker, u.email, 'wrong-password'), wait);
      now += wait * SEC - 1;
      expectThrottled(await attempt(attacker, u.email, 'wrong-password'), 1); // 1 ms left is still a second to wait
      now += 1; // Retry-After later, it is let through again
    }
    expect((await attempt(attacker, u.email, FACTORY_PASSWORD)).status).toBe(200);
  });

  it('caps the wait at 15 minutes', async () => {
    const u = await user();
    const attacker = freshIp();
    // Seeding the count directly keeps the per-IP request limit of the route out of the way.
    for (let i = 0; i < 30; i++) await recordLoginFailure(rt.ctx.db, u.email, attacker, now, 0);
    expectThrottled(await attempt(attacker, u.email, FACTORY_PASSWORD), 15 * 60);
  });

  it('a success resets the (account, address) count', async () => {
    const u = await user();
    const ip = freshIp();
    for (let i = 0; i < 5; i++) await attempt(ip, u.email, 'wrong-password');
    expectThrottled(await attempt(ip, u.email, FACTORY_PASSWORD), 1);
    now += SEC;
    expect((await attempt(ip, u.email, FACTORY_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await attempt(ip, u.email, 'wrong-password')).status).toBe(401);
    expect((await attempt(ip, u.email, FACTORY_PASSWORD)).status).toBe(200);
  });

  it('forgets failures after a quiet day', async () => {
    const u = await user();
    const ip = freshIp();
    for (let i = 0; i < 5; i++) await attempt(ip, u.email, 'wrong-password');
    now += LOGIN_THROTTLE.forgetMs;
    for (let i = 0; i < 4; i++) expect((await attempt(ip, u.email, 'wrong-password')).status).toBe(401);
    expect((await attempt(ip, u.email, FACTORY_PASSWORD)).status).toBe(200);
  });

  it('counts concurrent failures (no lost updates) and throttles unknown e-mails alike', async () => {
    const u = await user();
    const ip = freshIp();
    const rs = await Promise.all(Array.from({ length: 5 }, () => attempt(ip, u.email, 'wrong-password')));
    expect(rs.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    expectThrottled(await attempt(ip, u.email, FACTORY_PASSWORD), 1);
    for (let i = 0; i < 5; i++) await attempt(ip, 'ghost@example.test', 'whatever1');
    expectThrottled(await attempt(ip, 'ghost@example.test', 'whatever1'), 1);
  });

  it('gives one address a larger budget over all accounts (password spraying), and slows it for every account', async () => {
    const u = await user();
    const sprayer = freshIp();
    for (let i = 0; i < LOGIN_THROTTLE.address.free; i++) await recordLoginFailure(rt.ctx.db, `victim${i}@example.test`, sprayer, now, 0);
    expectThrottled(await attempt(sprayer, u.email, FACTORY_PASSWORD), 1);
    expect((await attempt(freshIp(), u.email, FACTORY_PASSWORD)).status).toBe(200);
  });

  it('under a distributed attack slows only addresses that failed for the account, by at most a minute; a clean one signs in', async () => {
    const u = await user();
    for (let i = 0; i < LOGIN_THROTTLE.account.free + 10; i++) await recordLoginFailure(rt.ctx.db, u.email, `198.51.100.${i % 250}`, now, 0);
    const bot = freshIp();
    expect((await attempt(bot, u.email, 'wrong-password')).status).toBe(401);
    expectThrottled(await attempt(bot, u.email, 'wrong-password'), 60);
    expect((await attempt(freshIp(), u.email, FACTORY_PASSWORD)).status).toBe(200);
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
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await send(app, 'POST', '/api/v1/auth/login', { payload: { email: u.email, password: FACTORY_PASSWORD } })).status).toBe(200);
  });
});
