import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTenant, send, type Headers } from '../../../accounts/accounts.test-support';
import { testApp } from '../../../../test/app';
import { dialects, testRuntime, type TestRuntime } from '../../../../test/harness';
import { createRuntime, type Runtime } from '../../../compose';
import { loadConfig } from '../../../config';
import { redisReachable, TEST_REDIS_URL, until } from '../../../realtime/realtime.testkit';
import type { App } from '../../app-type';
import { createRedisCounter, type RedisCounter } from './counter';

// Ten seconds into a minute: windows are aligned to the clock, so this one ends in 50 s.
const NOW = Date.UTC(2026, 0, 1, 12, 0, 10);

describe.runIf(await redisReachable()).each(await dialects())('API token rate limit shared through Redis, on %s', (dialect) => {
  let a: TestRuntime;
  let b: Runtime;
  let appA: App;
  let appB: App;
  // A channel of its own (the counter's keys are under it), so parallel test files cannot interfere.
  const channel = `metadesk:test:ratelimit:${dialect}:${process.pid}:${Date.now()}`;

  beforeAll(async () => {
    a = await testRuntime(dialect, { REDIS_URL: TEST_REDIS_URL, REDIS_CHANNEL: channel });
    b = await createRuntime(
      loadConfig({ DATABASE_URL: a.config.DATABASE_URL, REDIS_URL: TEST_REDIS_URL, REDIS_CHANNEL: channel, LOG_LEVEL: 'silent' }),
      pino({ level: 'silent' }),
    );
    a.ctx.clock = () => NOW;
    b.ctx.clock = () => NOW;
    appA = await testApp(a);
    appB = await testApp({ ...b, config: b.ctx.config, dispose: () => b.close() });
    const connected = (c: unknown) => (c as RedisCounter).connected;
    await until(() => connected(a.ctx.requestCounter) && connected(b.ctx.requestCounter), 'both processes’ counters on Redis');
  });
  afterAll(async () => {
    await appB?.close();
    await appA?.close();
    await b?.close();
    await a?.dispose();
  });

  const call = async (app: App, headers: Headers) => {
    const r = await send(app, 'GET', '/api/v1/tokens', { headers });
    return [r.status, r.headers['ratelimit']];
  };

  it('counts a token’s requests to either process together, and only that token’s', async () => {
    const w = await buildTenant(a.ctx.db);
    const other = await buildTenant(a.ctx.db);
    const set = await send(appA, 'PATCH', '/api/v1/business', { headers: w.as.admin, payload: { settings: { apiRateLimitPerMinute: 3 } } });
    expect(set.status).toBe(200);
    expect(await call(appA, w.as.token)).toEqual([200, '"token";r=2;t=50']);
    expect(await call(appB, w.as.token)).toEqual([200, '"token";r=1;t=50']);
    expect(await call(appA, w.as.token)).toEqual([200, '"token";r=0;t=50']);
    expect(await call(appB, w.as.token)).toEqual([429, '"token";r=0;t=50']);
    expect(await call(appB, other.as.token)).toEqual([200, '"token";r=2999;t=50']);
  });
});

describe('the Redis counter while Redis is unreachable', () => {
  it('counts in the process meanwhile instead of failing the request', async () => {
    const counter = createRedisCounter('redis://127.0.0.1:1', { prefix: 'metadesk:test:down:' });
    try {
      expect(await counter.hit('1:1', NOW, 60_000)).toEqual({ count: 1, resetAt: NOW + 50_000 });
      expect(await counter.hit('1:1', NOW, 60_000)).toEqual({ count: 2, resetAt: NOW + 50_000 });
      expect(await counter.hit('1:2', NOW, 60_000)).toEqual({ count: 1, resetAt: NOW + 50_000 });
    } finally {
      await counter.close();
    }
  });
});
