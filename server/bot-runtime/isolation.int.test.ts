import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/app';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { buildScript } from '../../test/factories';
import { call, httpWorld, leadSays } from '../../test/world';
import type { App } from '../http/app-type';
import { createBotWorker, type BotWorker } from './bot-worker';
import { createScriptEngine } from './js-engine';

// One business's runaway script must not hold up another business's bot or the server. The runaway
// here gets a budget that outlasts the test, so it is provably still running when the other lead is
// answered: the proof is the order of events, not how fast this machine is.
describe.each(await dialects())('a runaway bot script on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let worker: BotWorker;
  beforeAll(async () => {
    rt = await testRuntime(dialect);
    app = await testApp(rt);
    const run = rt.ctx.sandbox.run.bind(rt.ctx.sandbox);
    rt.ctx.sandbox.run = (o) => run(o.code.includes('while (true)') ? { ...o, timeoutMs: 600_000, wallTimeoutMs: 600_000 } : o);
    worker = createBotWorker({ ...rt.ctx, js: createScriptEngine(rt.ctx) });
    worker.start();
  });
  afterAll(async () => {
    // Ending the sandbox ends the runaway (its run fails), so the worker can stop.
    rt?.ctx.sandbox.dispose();
    await worker?.stop();
    await app?.close();
    await rt?.dispose();
  });

  it("lets another business's lead be answered, and the server answer, while it spins", async () => {
    const spinning = await httpWorld(rt.ctx.db);
    const other = await httpWorld(rt.ctx.db);
    await buildScript(rt.ctx.db, {
      businessId: spinning.business.id,
      botId: spinning.bot.id,
      code: 'spin',
      entries: [{ type: 'command', value: '/spin' }],
      commands: [{ type: 'run_js', code: 'while (true) {}' }],
    });
    await buildScript(rt.ctx.db, {
      businessId: other.business.id,
      botId: other.bot.id,
      code: 'hello',
      entries: [{ type: 'command', value: '/hello' }],
      commands: [{ type: 'send_text', text: 'Здравствуйте!' }],
    });

    await leadSays(app, spinning, 'spinner', '/spin');
    await expect.poll(() => rt.ctx.sandbox.stats().busy, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);

    const { leadId } = await leadSays(app, other, 'visitor', '/hello');
    const lastMessage = async () => {
      const r = await call(app, 'GET', `/api/v1/leads/${leadId}/messages?limit=1`, other.as.admin);
      return (r.body?.messages as { author: string; text: string }[] | undefined)?.[0];
    };
    await expect.poll(lastMessage, { timeout: 30_000 }).toMatchObject({ author: 'bot', text: 'Здравствуйте!' });
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    // The runaway is still running: the answer and the health check came while it spun.
    expect(rt.ctx.sandbox.stats().busy).toBeGreaterThanOrEqual(1);
  });
});
