import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/app';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { call, type Headers, httpWorld, signedInWith, strangerWorld } from '../../test/world';
import type { App } from '../http/app-type';

describe.each(await dialects())('bots routes on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let w: Awaited<ReturnType<typeof httpWorld>>;
  let editor: Headers;
  let stranger: Headers; // admin of another business
  let strangerBotId: number;

  beforeAll(async () => {
    rt = await testRuntime(dialect);
    app = await testApp(rt);
    w = await httpWorld(rt.ctx.db);
    editor = await signedInWith(rt.ctx.db, w.business.id, ['bot_editor']);
    const { world: other, headers: strangerHeaders } = await strangerWorld(rt.ctx.db);
    stranger = strangerHeaders;
    strangerBotId = other.bot.id;
  });
  afterAll(async () => {
    await app?.close();
    await rt?.dispose();
  });

  it('creates, lists and renames bots (admin and bot editor)', async () => {
    const created = await call(app, 'POST', '/api/v1/bots', w.as.admin, { name: '  Support bot ' });
    expect(created.status).toBe(201);
    expect(created.body.bot).toMatchObject({ name: 'Support bot' });
    const id = created.body.bot.id as number;

    const renamed = await call(app, 'PATCH', `/api/v1/bots/${id}`, editor, { name: 'Helpdesk' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.bot).toEqual({
      id,
      name: 'Helpdesk',
      createdAt: created.body.bot.createdAt,
      startScript: 'start',
      returnScript: null,
      transferScript: 'transfer_to_operator',
    });

    const list = await call(app, 'GET', '/api/v1/bots', editor);
    expect(list.status).toBe(200);
    expect(list.body.bots.map((b: { name: string }) => b.name)).toEqual(['Shop bot', 'Helpdesk']);
    expect((await call(app, 'GET', '/api/v1/bots', w.as.bot)).status).toBe(200); // an admin API token
  });

  it('gives a new bot a start script and the system transfer script, so it answers out of the box', async () => {
    const { body } = await call(app, 'POST', '/api/v1/bots', w.as.admin, { name: 'Fresh' });
    expect(body.bot).toMatchObject({ startScript: 'start', returnScript: null, transferScript: 'transfer_to_operator' });
    const list = await call(app, 'GET', `/api/v1/bots/${body.bot.id}/scripts`, w.as.admin);
    expect(list.body.scripts.map((s: { code: string; type: string }) => [s.code, s.type])).toEqual([
      ['transfer_to_operator', 'system'],
      ['start', 'standard'],
    ]);
    const start = await call(app, 'GET', `/api/v1/bots/${body.bot.id}/scripts/start`, w.as.admin);
    expect(start.body.script).toMatchObject({ version: 1, commands: [{ type: 'send_text', text: 'Hello! How can I help?' }] });
    const transfer = await call(app, 'GET', `/api/v1/bots/${body.bot.id}/scripts/transfer_to_operator`, w.as.admin);
    expect(transfer.body.script).toMatchObject({ name: 'Transfer to operator', commands: [{ type: 'run_js' }] });
    // The distribution line is there, commented out: one edit switches it on.
    expect(transfer.body.script.commands[0].code).toMatch(/^\/\/ lead\.assignDialogToNextOperator\(\);/m);
    const history = await call(app, 'GET', `/api/v1/bots/${body.bot.id}/scripts/start/versions`, w.as.admin);
    expect(history.body.versions).toEqual([expect.objectContaining({ version: 1, authorUserId: w.admin.id, authorName: 'Admin' })]);
  });

  it('sets and clears the start, return and transfer scripts, which must be scripts of that bot', async () => {
    const { body } = await call(app, 'POST', '/api/v1/bots', w.as.admin, { name: 'Settings' });
    const id = body.bot.id as number;
    let r = await call(app, 'PATCH', `/api/v1/bots/${id}`, editor, { returnScript: 'start', transferScript: null });
    expect(r.status).toBe(200);
    expect(r.body.bot).toMatchObject({ name: 'Settings', startScript: 'start', returnScript: 'start', transferScript: null });
    r = await call(app, 'PATCH', `/api/v1/bots/${id}`, editor, { startScript: 'nope', returnScript: 'transfer_to_operator' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'validation_failed', message: 'body.startScript: no script "nope" in this bot' });
    // A script of another bot of the same business is no script of this one.
    await call(app, 'PUT', `/api/v1/bots/${w.bot.id}/scripts/elsewhere`, w.as.admin, { code: 'elsewhere', name: 'E', commands: [] });
    r = await call(app, 'PATCH', `/api/v1/bots/${id}`, editor, { transferScript: 'elsewhere' });
    expect(r.body.error.message).toBe('body.transferScript: no script "elsewhere" in this bot');
    expect((await call(app, 'PATCH', `/api/v1/bots/${id}`, editor, {})).body.bot).toMatchObject({
      startScript: 'start',
      returnScript: 'start',
      transferScript: null,
    });
  });

  it("never shows or changes another business's bots (404)", async () => {
    const list = await call(app, 'GET', '/api/v1/bots', stranger);
    expect(list.body.bots.map((b: { id: number }) => b.id)).toEqual([strangerBotId]);
    const r = await call(app, 'PATCH', `/api/v1/bots/${w.bot.id}`, stranger, { name: 'Hijacked' });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
    expect((await rt.ctx.db.selectFrom('bots').select('name').where('id', '=', w.bot.id).executeTakeFirstOrThrow()).name).toBe('Shop bot');
    expect((await call(app, 'PATCH', '/api/v1/bots/999999', w.as.admin, { name: 'x' })).status).toBe(404);
  });

  it.each([
    ['POST', '/api/v1/bots', {}, 'body.name'],
    ['POST', '/api/v1/bots', { name: '   ' }, 'body.name'],
    ['POST', '/api/v1/bots', { name: 'x'.repeat(101) }, 'body.name'],
    ['POST', '/api/v1/bots', { name: 5 }, 'body.name'],
    ['PATCH', '/api/v1/bots/BOT', { name: '' }, 'body.name'],
    ['PATCH', '/api/v1/bots/abc', { name: 'ok' }, 'params.id'],
    ['PATCH', '/api/v1/bots/BOT', { startScript: 'Not A Code' }, 'body.startScript'],
    ['PATCH', '/api/v1/bots/BOT', { returnScript: 5 }, 'body.returnScript'],
    ['PATCH', '/api/v1/bots/BOT', { colour: 'red' }, 'body'],
  ] as const)('%s %s with %j is a 400 naming %s', async (method, url, payload, field) => {
    const r = await call(app, method, url.replace('BOT', String(w.bot.id)), w.as.admin, payload);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    expect(r.body.error.message).toContain(field);
  });

  const routes = () =>
    [
      ['GET', '/api/v1/bots', undefined],
      ['POST', '/api/v1/bots', { name: 'x' }],
      ['PATCH', `/api/v1/bots/${w.bot.id}`, { name: 'x' }],
    ] as const;

  it('answers 401 without credentials, 403 to an operator on every route and to a script editor on changes', async () => {
    const scriptEditor = await signedInWith(rt.ctx.db, w.business.id, ['script_editor']);
    for (const [method, url, payload] of routes()) {
      expect((await call(app, method, url, {}, payload)).status, `${method} ${url}`).toBe(401);
      for (const who of method === 'GET' ? [w.as.olga] : [w.as.olga, scriptEditor]) {
        const r = await call(app, method, url, who, payload);
        expect(r.status, `${method} ${url}`).toBe(403);
        expect(r.body.error.code).toBe('forbidden');
      }
    }
    // Script editors see the bots (to pick one), but neither create nor change them.
    expect((await call(app, 'GET', '/api/v1/bots', scriptEditor)).status).toBe(200);
    const names = (await rt.ctx.db.selectFrom('bots').select('name').where('business_id', '=', w.business.id).execute()).map((b) => b.name);
    expect(names).not.toContain('x'); // nothing was created or renamed on the way
  });
});
