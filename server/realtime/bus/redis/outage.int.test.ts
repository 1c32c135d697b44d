// A process with REDIS_URL set starts, serves and streams while Redis is unreachable, and carries on
// through Redis once it is back; events committed meanwhile reach its sockets from the event log.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../../test/app';
import { buildSession, buildWorld } from '../../../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../../../test/harness';
import { freePort } from '../../../../test/server-process';
import { startTcpProxy, type TcpProxy } from '../../../../test/tcp-proxy';
import { createRuntime, type Runtime } from '../../../compose';
import { loadConfig } from '../../../config';
import type { App } from '../../../http/app-type';
import { produce, redisReachable, TEST_REDIS_URL, TestClient, until } from '../../realtime.testkit';
import { RedisBus } from './bus';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function socketUrl(app: App): string {
  const addr = app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  return `ws://127.0.0.1:${addr.port}/api/v1/realtime`;
}

describe.each(await dialects())('a process whose Redis is unreachable, on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    // A port nobody listens on: every connection attempt is refused.
    rt = await testRuntime(dialect, { REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    app = await testApp(rt);
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await app?.close();
    await rt?.dispose();
  });

  it('starts and answers /healthz, saying Redis is unreachable', async () => {
    const r = await app.inject({ method: 'GET', url: '/healthz' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ ok: true, db: dialect, redis: 'unreachable' });
  });

  it('streams its own events to its sockets at once', async () => {
    const w = await buildWorld(rt.ctx.db);
    const s = await buildSession(rt.ctx.db, { userId: w.op1.id, businessId: w.business.id });
    const client = await TestClient.open(socketUrl(app), { cookie: s.cookie });
    clients.push(client);
    await client.waitForFrames(1);
    await produce(rt.ctx, w.business.id, 3);
    // Well under the hub's 5 s reconcile period: the events came straight from the bus.
    await client.waitForSeq(3, 3000);
    expect(client.events.map((e) => e.seq)).toEqual([1, 2, 3]);
  });
});

describe.runIf(await redisReachable()).each(await dialects())('Redis coming back to a process that started without it, on %s', (dialect) => {
  let proxy: TcpProxy;
  let a: TestRuntime;
  let b: Runtime;
  let appA: App;
  const clients: TestClient[] = [];
  const channel = `metadesk:test:${process.pid}:${Date.now()}`;

  beforeAll(async () => {
    proxy = await startTcpProxy(Number(new URL(TEST_REDIS_URL).port || 6379));
    proxy.cut();
    // Process A reaches Redis through the proxy (down for now); process B, on the same database, directly.
    a = await testRuntime(dialect, { REDIS_URL: proxy.url.replace('http:', 'redis:'), REDIS_CHANNEL: channel });
    b = await createRuntime(
      loadConfig({ DATABASE_URL: a.config.DATABASE_URL, REDIS_URL: TEST_REDIS_URL, REDIS_CHANNEL: channel, LOG_LEVEL: 'silent' }),
      pino({ level: 'silent' }),
    );
    appA = await testApp(a);
    await appA.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await appA?.close();
    await b?.close();
    await a?.dispose();
    await proxy?.close();
  });

  it('gets events committed elsewhere while Redis was down, then live ones through Redis', async () => {
    const w = await buildWorld(a.ctx.db);
    const s = await buildSession(a.ctx.db, { userId: w.op1.id, businessId: w.business.id });
    const client = await TestClient.open(socketUrl(appA), { cookie: s.cookie });
    clients.push(client);
    await client.waitForFrames(1);
    expect((await appA.inject({ method: 'GET', url: '/healthz' })).json()).toMatchObject({ redis: 'unreachable' });

    // Committed in B while A cannot hear Redis: A's hub reads them from the event log (its reconcile).
    await produce(b.ctx, w.business.id, 3);
    await client.waitForSeq(3, 15_000);

    proxy.restore();
    const bus = a.ctx.bus;
    if (!(bus instanceof RedisBus)) throw new Error('expected the Redis bus');
    expect(bus.channel).toBe(channel); // REDIS_CHANNEL reached the bus
    await until(() => bus.connected, 'A to connect to Redis', 15_000);
    expect((await appA.inject({ method: 'GET', url: '/healthz' })).json()).toMatchObject({ redis: 'connected' });
    await produce(b.ctx, w.business.id, 2);
    // Well under the reconcile period: only Redis is this quick.
    await client.waitForSeq(5, 3000);
    expect(client.events.map((e) => e.seq)).toEqual(range(1, 5));
  });
});
