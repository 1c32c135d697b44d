import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/app';
import { buildScript, buildSession, buildUser } from '../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { expectCursorRefused, readPages, withCursor } from '../../test/pages';
import { call, httpWorld, type Headers } from '../../test/world';
import type { App } from '../http/app-type';

describe.each(await dialects())('scripts routes on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let w: Awaited<ReturnType<typeof httpWorld>>;
  let writer: Headers; // a script editor
  let writerId: number;
  let botId: number;

  const url = (code = '', rest = '') => `/api/v1/bots/${botId}/scripts${code ? `/${code}` : ''}${rest}`;
  const put = (code: string, body: object, who: Headers = writer, query = '') => call(app, 'PUT', url(code, query), who, { code, name: code, ...body });
  const text = (t: string) => ({ type: 'send_text', text: t });

  beforeAll(async () => {
    rt = await testRuntime(dialect);
    app = await testApp(rt);
    w = await httpWorld(rt.ctx.db);
    const u = await buildUser(rt.ctx.db, { businessId: w.business.id, roles: ['script_editor'], name: 'Sam Scripter' });
    writerId = u.id;
    writer = (await buildSession(rt.ctx.db, { userId: u.id, businessId: w.business.id })).headers;
    botId = (await call(app, 'POST', '/api/v1/bots', w.as.admin, { name: 'Scripts bot' })).body.bot.id;
  });
  afterAll(async () => {
    await app?.close();
    await rt?.dispose();
  });

  it('creates a script, lists it without commands, and bumps its version on every save', async () => {
    const created = await put('hello', {
      entries: [{ type: 'command', value: '/hello' }],
      commands: [text('Hi!'), { type: 'send_image', url: 'https://example.com/a.png' }],
    });
    expect(created.status).toBe(200);
    expect(created.body.script).toMatchObject({
      botId,
      code: 'hello',
      name: 'hello',
      type: 'standard',
      version: 1,
      commands: [text('Hi!'), { type: 'send_image', url: 'https://example.com/a.png' }],
    });
    const list = await call(app, 'GET', url(), writer);
    expect(list.status).toBe(200);
    expect(list.body.scripts.find((s: { code: string }) => s.code === 'hello')).toEqual({
      id: created.body.script.id,
      botId,
      code: 'hello',
      name: 'hello',
      type: 'standard',
      entries: [{ type: 'command', value: '/hello' }],
      commandCount: 2,
      version: 1,
      updatedAt: created.body.script.updatedAt,
    });

    const saved = await put('hello', { name: 'Hello there', commands: [text('Hello!')] }, w.as.admin);
    expect(saved.body.script).toMatchObject({ name: 'Hello there', version: 2, entries: [], commands: [text('Hello!')] });
    const got = await call(app, 'GET', url('hello'), w.as.bot);
    expect(got.body.script).toEqual(saved.body.script);
  });

  it('keeps every version with its author, shows one, and restores an old one as the next version', async () => {
    await put('story', { commands: [text('one')] });
    await put('story', { commands: [text('two')] }, w.as.admin);
    await put('story', { commands: [text('three')] }, w.as.bot);
    const history = await call(app, 'GET', url('story', '/versions'), writer);
    expect(history.status).toBe(200);
    expect(
      history.body.versions.map((v: { version: number; authorUserId: number | null; authorName: string | null }) => [v.version, v.authorUserId, v.authorName]),
    ).toEqual([
      [3, null, null],
      [2, w.admin.id, 'Admin'],
      [1, writerId, 'Sam Scripter'],
    ]);

    const v1 = await call(app, 'GET', url('story', '/versions/1'), writer);
    expect(v1.body.snapshot).toMatchObject({ version: 1, authorName: 'Sam Scripter', script: { code: 'story', commands: [text('one')] } });
    expect((await call(app, 'GET', url('story', '/versions/9'), writer)).status).toBe(404);

    const restored = await call(app, 'POST', url('story', '/versions/1/restore'), writer);
    expect(restored.status).toBe(200);
    expect(restored.body.script).toMatchObject({ version: 4, commands: [text('one')] });
    expect((await call(app, 'GET', url('story', '/versions'), writer)).body.versions[0]).toMatchObject({ version: 4, authorUserId: writerId });

    const pages = await readPages((cursor) => call(app, 'GET', withCursor(url('story', '/versions?limit=3'), cursor), writer));
    expect(pages.map((p) => p.versions.map((v: { version: number }) => v.version))).toEqual([[4, 3, 2], [1]]);
    expectCursorRefused(await call(app, 'GET', url('story', '/versions?cursor=zzz'), writer));
  });

  it('records the state of a script written without history before replacing it', async () => {
    await buildScript(rt.ctx.db, { businessId: w.business.id, botId, code: 'legacy', commands: [text('old')] });
    await put('legacy', { commands: [text('new')] });
    const history = await call(app, 'GET', url('legacy', '/versions'), writer);
    expect(history.body.versions).toEqual([
      expect.objectContaining({ version: 2, authorUserId: writerId }),
      expect.objectContaining({ version: 1, authorUserId: null }),
    ]);
    expect((await call(app, 'GET', url('legacy', '/versions/1'), writer)).body.snapshot.script.commands).toEqual([text('old')]);
  });

  it('refuses a stale save with ifVersion (409), and ifVersion=0 means "must not exist yet"', async () => {
    expect((await put('occ', { commands: [] }, writer, '?ifVersion=0')).status).toBe(200);
    const again = await put('occ', { commands: [] }, writer, '?ifVersion=0');
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('is at version 1, not 0');
    expect((await put('occ', { commands: [text('a')] }, writer, '?ifVersion=1')).body.script.version).toBe(2);
    const stale = await put('occ', { commands: [text('b')] }, w.as.admin, '?ifVersion=1');
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('conflict');
    expect((await call(app, 'GET', url('occ'), writer)).body.script.commands).toEqual([text('a')]);
    expect((await put('ghost', { commands: [] }, writer, '?ifVersion=3')).status).toBe(409);
    expect((await call(app, 'DELETE', url('occ', '?ifVersion=1'), writer)).status).toBe(409);
    expect((await call(app, 'POST', url('occ', '/versions/1/restore?ifVersion=1'), writer)).status).toBe(409);
  });

  it('lets exactly one of two racing saves from the same version win', async () => {
    await put('race', { commands: [] });
    const results = await Promise.all(['a', 'b', 'c'].map((t) => put('race', { commands: [text(t)] }, writer, '?ifVersion=1')));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect((await call(app, 'GET', url('race'), writer)).body.script.version).toBe(2);
  });

  it('checks the JavaScript of every condition (an expression) and run_js (a script), naming the command', async () => {
    const ok = await put('js_ok', {
      commands: [
        { type: 'send_text', text: 'VIP', condition: "lead.getAttr('vip') === 'yes' && lead.isTagExist('x')" },
        { type: 'run_js', code: "const n = 1;\nif (n > 0) { lead.setAttr('n', n); }\nreturn n;" },
      ],
    });
    expect(ok.status).toBe(200);

    const badCondition = await put('js_bad', { commands: [text('a'), { type: 'send_text', text: 'b', condition: 'lead.getAttr(' }] });
    expect(badCondition.status).toBe(400);
    expect(badCondition.body.error.code).toBe('validation_failed');
    expect(badCondition.body.error.message).toMatch(/^body\.commands\[1\]\.condition: line 1\b/);
    expect(badCondition.body.error.details[0].path).toBe('body.commands[1].condition');

    // A statement is not an expression: a condition must be one.
    expect((await put('js_bad', { commands: [{ type: 'stop', condition: 'if (x) { y }' }] })).status).toBe(400);

    const badScript = await put('js_bad', { commands: [{ type: 'run_js', code: 'const a = 1;\nlet = = 2;' }] });
    expect(badScript.status).toBe(400);
    expect(badScript.body.error.message).toMatch(/^body\.commands\[0\]\.code: line 2, column \d+: /);
    expect((await call(app, 'GET', url('js_bad'), writer)).status).toBe(404);

    // Every problem of the script is named at once: syntax and references alike.
    const both = await put('js_bad', {
      commands: [
        { type: 'run_script', script: 'nowhere' },
        { type: 'run_js', code: 'if (a) {' },
      ],
    });
    expect(both.body.error.details.map((d: { path: string }) => d.path)).toEqual(['body.commands[1].code', 'body.commands[0].script']);
  });

  it('refuses references to scripts and triggers the bot does not have, but a script may name itself', async () => {
    const r = await put('refs', {
      commands: [
        {
          type: 'menu',
          text: 'Pick',
          buttons: [
            { label: 'Again', script: 'refs' },
            { label: 'Start', script: 'start' },
            { label: 'X', script: 'nowhere' },
          ],
        },
        { type: 'run_script', script: 'missing' },
        { type: 'return_to_bot', script: 'gone' },
        { type: 'run_trigger', trigger: 'no_trigger' },
      ],
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'body.commands[0].buttons[2].script',
      'body.commands[1].script',
      'body.commands[2].script',
      'body.commands[3].trigger',
    ]);
    expect(r.body.error.message).toContain('body.commands[1].script: no script "missing" in this bot');
    expect(r.body.error.message).toContain('body.commands[3].trigger: no trigger "no_trigger" in this bot');

    const self = await put('refs', {
      commands: [
        { type: 'menu', text: 'Pick', buttons: [{ label: 'Again', script: 'refs' }] },
        { type: 'run_script', script: 'refs' },
      ],
    });
    expect(self.status).toBe(200);
  });

  it('keeps entries unique across the bot (409 naming the other script) and one fallback per bot', async () => {
    await put('menu_a', {
      entries: [
        { type: 'command', value: '/menu' },
        { type: 'keyword', value: 'Меню' },
      ],
      commands: [],
    });
    const clash = await put('menu_b', { entries: [{ type: 'keyword', value: 'меню' }], commands: [] });
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toBe('body.entries[0]: keyword "меню" is already an entry of script "menu_a"');
    expect((await put('menu_b', { entries: [{ type: 'command', value: '/MENU' }], commands: [] })).status).toBe(409);
    // The same text as another kind of entry is another entry; re-saving one's own entries is fine.
    expect((await put('menu_b', { entries: [{ type: 'keyword', value: '/menu' }], commands: [] })).status).toBe(200);
    expect(
      (
        await put('menu_a', {
          entries: [
            { type: 'command', value: '/menu' },
            { type: 'keyword', value: 'Меню' },
          ],
          commands: [text('x')],
        })
      ).status,
    ).toBe(200);

    const twice = await put('twice', {
      entries: [
        { type: 'keyword', value: 'hi' },
        { type: 'keyword', value: 'HI' },
      ],
      commands: [],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toBe('body.entries[1]: repeats entries[0] ("HI")');

    expect((await put('sorry', { type: 'fallback', commands: [text('Sorry?')] })).status).toBe(200);
    const second = await put('sorry_two', { type: 'fallback', commands: [] });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toBe('body.type: the bot already has a fallback script: "sorry"');
    expect((await put('sorry', { type: 'fallback', commands: [text('Pardon?')] })).status).toBe(200);
    // The bot already has its system script (transfer_to_operator).
    expect((await put('system_two', { type: 'system', commands: [] })).status).toBe(409);
  });

  it('refuses to delete a script something still runs, naming each use, and deletes it once free', async () => {
    await put('target', { commands: [text('t')] });
    await put('caller', { commands: [{ type: 'menu', text: 'Go', buttons: [{ label: 'T', script: 'target' }] }] });
    await call(app, 'PUT', `/api/v1/bots/${botId}/triggers/fires_target`, writer, { code: 'fires_target', name: 'T', script: 'target', on: 'manual' });
    await call(app, 'PATCH', `/api/v1/bots/${botId}`, w.as.admin, { returnScript: 'target' });

    const refused = await call(app, 'DELETE', url('target'), writer);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      'Script "target" is still used by the bot\'s return script; script "caller" (commands[0].buttons[0].script); trigger "fires_target"; change those first',
    );
    const start = await call(app, 'DELETE', url('start'), writer);
    expect(start.body.error.message).toContain("the bot's start script");
    expect((await call(app, 'DELETE', url('transfer_to_operator'), writer)).body.error.message).toContain("the bot's transfer script");

    await call(app, 'PATCH', `/api/v1/bots/${botId}`, w.as.admin, { returnScript: null });
    await call(app, 'DELETE', `/api/v1/bots/${botId}/triggers/fires_target`, writer);
    await put('caller', { commands: [] });
    const scriptId = (await call(app, 'GET', url('target'), writer)).body.script.id as number;
    const deleted = await call(app, 'DELETE', url('target'), writer);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ ok: true });
    expect((await call(app, 'GET', url('target'), writer)).status).toBe(404);
    expect((await call(app, 'DELETE', url('target'), writer)).status).toBe(404);
    expect(await rt.ctx.db.selectFrom('script_versions').select('version').where('script_id', '=', scriptId).execute()).toEqual([]);
  });

  it('refuses to restore a version that no longer fits the bot (409 naming the place)', async () => {
    await put('helper', { commands: [] });
    await put('restorable', { commands: [{ type: 'run_script', script: 'helper' }] });
    await put('restorable', { commands: [] });
    await call(app, 'DELETE', url('helper'), writer);
    const r = await call(app, 'POST', url('restorable', '/versions/1/restore'), writer);
    expect(r.status).toBe(409);
    expect(r.body.error.message).toBe('Version 1 cannot be restored: commands[0].script: no script "helper" in this bot');
    expect((await call(app, 'GET', url('restorable'), writer)).body.script.version).toBe(2);
  });

  it.each([
    ['PUT', 'x', { code: 'y', name: 'Y', commands: [] }, 'body.code'],
    ['PUT', 'x', { code: 'x', name: 'X' }, 'body.commands'],
    ['PUT', 'x', { code: 'x', name: ' ', commands: [] }, 'body.name'],
    ['PUT', 'x', { code: 'x', name: 'X', type: 'magic', commands: [] }, 'body.type'],
    ['PUT', 'x', { code: 'x', name: 'X', commands: [{ type: 'teleport' }] }, 'body.commands.0.type'],
    ['PUT', 'x', { code: 'x', name: 'X', commands: [{ type: 'send_text' }] }, 'body.commands.0.text'],
    ['PUT', 'x', { code: 'x', name: 'X', commands: [{ type: 'send_image', url: 'javascript:alert(1)' }] }, 'body.commands.0.url'],
    ['PUT', 'x', { code: 'x', name: 'X', commands: [{ type: 'stop', condition: '' }] }, 'body.commands.0.condition'],
    ['PUT', 'x', { code: 'x', name: 'X', commands: [{ type: 'ask', text: 'Phone?', attribute: '1bad' }] }, 'body.commands.0.attribute'],
    ['PUT', 'x', { code: 'x', name: 'X', entries: [{ type: 'command', value: 'start' }], commands: [] }, 'body.entries.0.value'],
    ['PUT', 'x', { code: 'x', name: 'X', commands: [], extra: 1 }, 'body'],
    ['PUT', 'Bad-Code', { code: 'Bad-Code', name: 'X', commands: [] }, 'params.code'],
    ['PUT', 'x?ifVersion=-1', { code: 'x', name: 'X', commands: [] }, 'querystring.ifVersion'],
    ['GET', 'x/versions/zero', undefined, 'params.version'],
  ] as const)('%s …/scripts/%s with %j is a 400 naming %s', async (method, path, payload, field) => {
    const r = await call(app, method, `/api/v1/bots/${botId}/scripts/${path}`, writer, payload);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    expect(r.body.error.message).toContain(field);
  });

  it('is a 400 naming params.botId for a bot id that is not a number', async () => {
    const r = await call(app, 'GET', '/api/v1/bots/abc/scripts', writer);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('params.botId');
  });

  it('answers 404 for unknown scripts and versions of this bot', async () => {
    expect((await call(app, 'GET', url('nope'), writer)).status).toBe(404);
    expect((await call(app, 'GET', url('nope', '/versions'), writer)).status).toBe(404);
    expect((await call(app, 'POST', url('nope', '/versions/1/restore'), writer)).status).toBe(404);
    expect((await call(app, 'GET', '/api/v1/bots/999999/scripts', writer)).status).toBe(404);
  });
});
