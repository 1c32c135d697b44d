import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/app';
import { buildScript } from '../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { call, httpWorld, signedInWith, strangerWorld, type Headers } from '../../test/world';
import type { App } from '../http/app-type';
import { createBotWorker, type BotWorker } from '../bot-runtime/bot-worker';
import { createScriptEngine } from '../bot-runtime/js-engine';

// The bots screen's test console: a bot editor talks to the bot as a lead, through the real receive →
// job → runtime path, and sees the scenario, attributes and log; operators see nothing of it.
describe.each(await dialects())('bot test console on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let worker: BotWorker;
  let w: Awaited<ReturnType<typeof httpWorld>>;
  let editor: Headers;

  beforeAll(async () => {
    rt = await testRuntime(dialect);
    app = await testApp(rt);
    w = await httpWorld(rt.ctx.db);
    editor = await signedInWith(rt.ctx.db, w.business.id, ['bot_editor']);
    await buildScript(rt.ctx.db, {
      businessId: w.business.id,
      botId: w.bot.id,
      code: 'hello',
      entries: [{ type: 'command', value: '/hello' }],
      commands: [
        { type: 'ask', text: 'What is your name?', attribute: 'name' },
        { type: 'run_js', code: "console.log('asked ' + lead.getAttr('name'))" },
        { type: 'add_tag', tag: 'greeted' },
        { type: 'menu', text: 'Talk to a human?', buttons: [{ label: 'Yes' }] },
        { type: 'transfer_to_operator' },
      ],
    });
    worker = createBotWorker({ ...rt.ctx, js: createScriptEngine(rt.ctx) }, { pollMs: 50 });
    worker.start();
  });
  afterAll(async () => {
    await worker?.stop();
    await app?.close();
    await rt?.dispose();
  });

  const consoleOf = async (who: Headers = editor) => (await call(app, 'GET', `/api/v1/bots/${w.bot.id}/console`, who)).body;
  const say = (text: string, who: Headers = editor) => call(app, 'POST', `/api/v1/bots/${w.bot.id}/console/messages`, who, { text });
  const texts = async () => ((await consoleOf()).messages as { author: string; text: string }[]).map((m) => `${m.author}: ${m.text}`);

  it('runs the bot for the test lead: the question, the answer saved, the scenario, the log; nothing for the operators', async () => {
    const countsBefore = (await call(app, 'GET', '/api/v1/inbox/counts', w.as.admin)).body;
    const events = () => rt.ctx.db.selectFrom('events').select(['type', 'data']).where('business_id', '=', w.business.id).execute();
    const eventsBefore = (await events()).length;
    expect(await consoleOf()).toEqual({ leadId: null, messages: [], scenario: null, attributes: {}, tags: [], logs: [], busy: false });

    expect((await say('/hello')).status).toBe(202);
    await expect.poll(texts, { timeout: 30_000 }).toEqual(['lead: /hello', 'bot: What is your name?']);
    expect((await consoleOf()).scenario).toEqual({ script: 'hello', step: expect.any(Number), awaiting: true });

    await say('Ada');
    await expect.poll(texts, { timeout: 30_000 }).toContain('bot: Talk to a human?');
    const c = await consoleOf();
    expect(c.attributes).toMatchObject({ name: 'Ada' });
    expect(c.tags).toEqual(['greeted']);
    const menu = c.messages.find((m: { text: string }) => m.text === 'Talk to a human?');
    expect(JSON.stringify(menu.payload)).toContain('Yes');
    expect(c.logs.map((l: { message: string }) => l.message)).toContain('asked Ada');

    // A button press is its text; the transfer that follows is only logged: no dialog waits.
    await say('Yes');
    await expect
      .poll(async () => (await consoleOf()).logs.map((l: { message: string }) => l.message), { timeout: 30_000 })
      .toContain('transfer to operators (test console: no dialog is queued)');
    await expect.poll(async () => (await consoleOf()).busy, { timeout: 30_000 }).toBe(false);
    const lead = await rt.ctx.db.selectFrom('leads').selectAll().where('id', '=', c.leadId).executeTakeFirstOrThrow();
    expect(lead.state).toBe('bot');
    expect(lead.current_dialog_id).toBeNull();

    // Nothing in the operators' panel: tabs, counts, search, the channels list.
    expect((await call(app, 'GET', '/api/v1/inbox/counts', w.as.admin)).body).toEqual(countsBefore);
    for (const query of ['tab=all', 'tab=waiting', 'tab=open', 'tab=all&q=Ada', `tab=all&botId=${w.bot.id}`]) {
      const rows = (await call(app, 'GET', `/api/v1/inbox?${query}`, w.as.admin)).body.rows as { leadId: number }[];
      expect(rows.map((r) => r.leadId)).not.toContain(c.leadId);
    }
    const channels = (await call(app, 'GET', '/api/v1/channels', w.as.admin)).body.channels as { kind: string }[];
    expect(channels.map((ch) => ch.kind)).not.toContain('console');
    const hidden = await rt.ctx.db
      .selectFrom('channels')
      .select('id')
      .where('kind', '=', 'console')
      .where('business_id', '=', w.business.id)
      .executeTakeFirstOrThrow();
    expect((await call(app, 'PATCH', `/api/v1/channels/${hidden.id}`, w.as.admin, { name: 'Mine now' })).status).toBe(404);
    // No workspace heard of it: no realtime event for the test lead, from the message or the bot's answers.
    expect((await events()).length).toBe(eventsBefore);
    // Nothing was queued for delivery.
    const outbox = await rt.ctx.db.selectFrom('outbox').select('id').where('lead_id', '=', c.leadId).execute();
    expect(outbox).toEqual([]);
  });

  it('keeps one test lead per user: another editor starts from nothing', async () => {
    const other = await signedInWith(rt.ctx.db, w.business.id, ['script_editor']);
    expect((await consoleOf(other)).messages).toEqual([]);
    await say('hi', other);
    await expect.poll(async () => (await consoleOf(other)).messages.length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect((await consoleOf(other)).leadId).not.toBe((await consoleOf()).leadId);
  });

  it('reset forgets the test lead: history, attributes, tags, scenario and log', async () => {
    expect((await call(app, 'DELETE', `/api/v1/bots/${w.bot.id}/console`, editor)).status).toBe(204);
    expect(await consoleOf()).toEqual({ leadId: null, messages: [], scenario: null, attributes: {}, tags: [], logs: [], busy: false });
    await say('/hello');
    await expect.poll(texts, { timeout: 30_000 }).toEqual(['lead: /hello', 'bot: What is your name?']);
  });

  it('refuses operators and viewers (403), bad input (400), and another business’s bot (404)', async () => {
    for (const roles of [['operator'], ['viewer']] as const) {
      const h = await signedInWith(rt.ctx.db, w.business.id, [...roles]);
      expect((await call(app, 'GET', `/api/v1/bots/${w.bot.id}/console`, h)).status).toBe(403);
      expect((await say('hi', h)).status).toBe(403);
    }
    expect((await say('   ')).status).toBe(400);
    expect((await call(app, 'POST', `/api/v1/bots/${w.bot.id}/console/messages`, editor, { text: 'x'.repeat(5000) })).status).toBe(400);
    const stranger = await strangerWorld(rt.ctx.db);
    for (const [method, url, body] of [
      ['GET', `/api/v1/bots/${stranger.world.bot.id}/console`, undefined],
      ['POST', `/api/v1/bots/${stranger.world.bot.id}/console/messages`, { text: 'hi' }],
      ['DELETE', `/api/v1/bots/${stranger.world.bot.id}/console`, undefined],
    ] as const) {
      expect((await call(app, method, url, editor, body)).status).toBe(404);
    }
  });
});
