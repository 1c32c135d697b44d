// A client's fault on an open realtime socket (a frame over the size limit) closes that socket with
// the WebSocket status for it and is logged as a warning, not an error. Real sockets, every dialect.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/app';
import { buildSession, buildWorld } from '../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import type { App } from '../http/app-type';
import { TestClient, until } from './realtime.testkit';

interface LogLine {
  level: number;
  msg?: string;
  err?: { code?: string };
}

describe.each(await dialects())('realtime socket errors on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let base: string;
  const lines: LogLine[] = [];
  beforeAll(async () => {
    const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
    rt = await testRuntime(dialect, {}, log);
    app = await testApp(rt);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    if (!addr || typeof addr === 'string') throw new Error('no port');
    base = `ws://127.0.0.1:${addr.port}/api/v1/realtime`;
  });
  afterAll(async () => {
    await app?.close();
    await rt?.dispose();
  });

  it('closes the socket of a client that sends a 70 KiB frame with 1009 and logs a warning, not an error', async () => {
    const w = await buildWorld(rt.ctx.db);
    const s = await buildSession(rt.ctx.db, { userId: w.op1.id, businessId: w.business.id });
    const c = await TestClient.open(base, { cookie: s.cookie });
    await c.waitForFrames(1);
    lines.length = 0;
    c.ws.send('x'.repeat(70 * 1024));
    await until(() => c.closed !== null, 'the socket closed');
    expect(c.closed?.code).toBe(1009);
    await until(() => lines.some((l) => l.level === pino.levels.values.warn), 'a warning');
    const warning = lines.find((l) => l.level === pino.levels.values.warn);
    expect(warning?.err?.code).toBe('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH');
    expect(lines.filter((l) => l.level >= pino.levels.values.error!)).toEqual([]);
  });
});
