// Scaled-out mode: two runtimes (two processes' worth of hub, bus and app) on one database and one
// Redis. An event committed in one must reach sockets held by the other.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/app';
import { buildSession, buildWorld } from '../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { createRuntime, type Runtime } from '../compose';
import { loadConfig } from '../config';
import type { App } from '../http/app-type';
import { produce, redisReachable, TEST_REDIS_URL, TestClient } from './realtime.testkit';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe.runIf(await redisReachable()).each(await dialects())('realtime across processes through Redis on %s', (dialect) => {
  let a: TestRuntime;
  let b: Runtime;
  let appA: App;
  let appB: App;
  const clients: TestClient[] = [];
  const urlOf = (app: App) => {
    const addr = app.server.address();
    if (!addr || typeof addr === 'string') throw new Error('no port');
    return `ws://127.0.0.1:${addr.port}/api/v1/realtime`;
  };

  beforeAll(async () => {
    a = await testRuntime(dialect, { REDIS_URL: TEST_REDIS_URL });
    // The second "process": same database, same Redis, its own bus connections, hub and app.
    b = await createRuntime(loadConfig({ DATABASE_URL: a.config.DATABASE_URL, REDIS_URL: TEST_REDIS_URL, LOG_LEVEL: 'silent' }), pino({ level: 'silent' }));
    appA = await testApp(a);
    appB = await testApp({ ...b, config: b.ctx.config, dispose: () => b.close() });
    await appA.listen({ port: 0, host: '127.0.0.1' });
    await appB.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await appB?.close();
    await appA?.close();
    await b?.close();
    await a?.dispose();
  });

  it('delivers an event committed in runtime A to a socket on runtime B, in order, once', async () => {
    const w = await buildWorld(a.ctx.db);
    const s = await buildSession(a.ctx.db, { userId: w.op1.id, businessId: w.business.id });
    const onB = await TestClient.open(urlOf(appB), { cookie: s.cookie });
    const onA = await TestClient.open(urlOf(appA), { cookie: s.cookie });
    clients.push(onA, onB);
    await Promise.all([onA.waitForFrames(1), onB.waitForFrames(1)]);
    // Writers in both processes at once; every socket still sees one gap-free sequence. Not on
    // SQLite: two connections in one process deadlock there (better-sqlite3 waits for a lock
    // synchronously, blocking the event loop the holder needs), which real processes would not.
    const writers = [() => produce(a.ctx, w.business.id, 20, 2), () => produce(b.ctx, w.business.id, 20, 4)];
    if (dialect === 'postgres') await Promise.all(writers.map((write) => write()));
    else for (const write of writers) await write();
    // Well under the hub's 5 s reconcile period: only the Redis bus can be this quick.
    await Promise.all([onA.waitForSeq(40, 3000), onB.waitForSeq(40, 3000)]);
    expect(onB.events.map((e) => e.seq)).toEqual(range(1, 40));
    expect(onA.events.map((e) => e.seq)).toEqual(range(1, 40));
  });

  it('catches up on runtime B from where runtime A left off', async () => {
    const w = await buildWorld(a.ctx.db);
    const s = await buildSession(a.ctx.db, { userId: w.op1.id, businessId: w.business.id });
    const first = await TestClient.open(urlOf(appA), { cookie: s.cookie });
    clients.push(first);
    await produce(a.ctx, w.business.id, 5);
    await first.waitForSeq(5);
    await first.close();
    await produce(b.ctx, w.business.id, 5);
    const second = await TestClient.open(`${urlOf(appB)}?since=5`, { cookie: s.cookie });
    clients.push(second);
    await produce(a.ctx, w.business.id, 1);
    await second.waitForSeq(11, 3000);
    expect(second.events.map((e) => e.seq)).toEqual(range(6, 11));
  });
});
