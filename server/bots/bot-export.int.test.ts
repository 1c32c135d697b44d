import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotExport } from '../../contracts/scripts';
import { testApp } from '../../test/app';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { call, type Headers, httpWorld, signedInWith } from '../../test/world';
import type { App } from '../http/app-type';

const demo = (name: string) => JSON.parse(fs.readFileSync(new URL(`../demo/bots/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

describe.each(await dialects())('bot export and import on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let w: Awaited<ReturnType<typeof httpWorld>>;
  let scriptEditor: Headers;

  const botCount = async () => (await rt.ctx.db.selectFrom('bots').select('id').where('business_id', '=', w.business.id).execute()).length;
  const exportOf = async (id: number, who: Headers = w.as.admin) => (await call(app, 'GET', `/api/v1/bots/${id}/export`, who)).body;

  beforeAll(async () => {
    rt = await testRuntime(dialect);
    app = await testApp(rt);
    w = await httpWorld(rt.ctx.db);
    scriptEditor = await signedInWith(rt.ctx.db, w.business.id, ['script_editor']);
  });
  afterAll(async () => {
    await app?.close();
    await rt?.dispose();
  });

  it('exports a bot as a document of codes, and imports it as a new bot with everything', async () => {
    const id = (await call(app, 'POST', '/api/v1/bots', w.as.admin, { name: 'Original' })).body.bot.id as number;
    const put = (code: string, body: object) => call(app, 'PUT', `/api/v1/bots/${id}/scripts/${code}`, w.as.admin, { code, name: code, ...body });
    await put('thanks', {
      entries: [{ type: 'keyword', value: 'thanks' }],
      commands: [{ type: 'send_text', text: 'You are welcome', condition: "lead.getAttr('x') !== null" }],
    });
    await call(app, 'PUT', `/api/v1/bots/${id}/triggers/thank`, w.as.admin, { code: 'thank', name: 'Thank', script: 'thanks', on: 'tag_added', match: 'paid' });
    await put('menu', {
      commands: [
        { type: 'menu', text: 'Pick', buttons: [{ label: 'Thanks', script: 'thanks' }] },
        { type: 'run_trigger', trigger: 'thank' },
      ],
    });
    await call(app, 'PATCH', `/api/v1/bots/${id}`, w.as.admin, { returnScript: 'menu' });

    const doc = await exportOf(id, scriptEditor);
    expect(doc).toMatchObject({
      format: 'metadesk.bot',
      version: 1,
      bot: { name: 'Original', startScript: 'start', returnScript: 'menu', transferScript: 'transfer_to_operator' },
      triggers: [{ code: 'thank', name: 'Thank', script: 'thanks', on: 'tag_added', match: 'paid', enabled: true }],
    });
    expect(doc.scripts.map((s: { code: string }) => s.code)).toEqual(['transfer_to_operator', 'start', 'thanks', 'menu']);
    expect(JSON.stringify(doc)).not.toMatch(/"(id|botId|businessId|updatedAt|createdAt)"/);
    expect(BotExport.safeParse(doc).success).toBe(true);

    const imported = await call(app, 'POST', '/api/v1/bots/import?name=Copy', w.as.admin, doc);
    expect(imported.status).toBe(201);
    expect(imported.body.bot).toMatchObject({ name: 'Copy', startScript: 'start', returnScript: 'menu', transferScript: 'transfer_to_operator' });
    expect(imported.body.bot.id).not.toBe(id);
    expect(await exportOf(imported.body.bot.id)).toEqual({ ...doc, bot: { ...doc.bot, name: 'Copy' } });
    // Every imported script starts its own history.
    const versions = await call(app, 'GET', `/api/v1/bots/${imported.body.bot.id}/scripts/menu/versions`, w.as.admin);
    expect(versions.body.versions).toEqual([expect.objectContaining({ version: 1, authorUserId: w.admin.id })]);
    // Without ?name= the document's name is taken.
    expect((await call(app, 'POST', '/api/v1/bots/import', w.as.bot, doc)).body.bot.name).toBe('Original');
  });

  it('imports the demo shop and support bots cleanly', async () => {
    const shop = await call(app, 'POST', '/api/v1/bots/import', w.as.admin, demo('shop'));
    expect(shop.status).toBe(201);
    expect(shop.body.bot).toMatchObject({
      name: 'Бот-Магазин глиняных изделий',
      startScript: 'start',
      returnScript: 'menu',
      transferScript: 'transfer_to_operator',
    });
    const shopScripts = (await call(app, 'GET', `/api/v1/bots/${shop.body.bot.id}/scripts`, w.as.admin)).body.scripts as { code: string; type: string }[];
    expect(shopScripts.map((s) => s.code)).toEqual(expect.arrayContaining(['start', 'menu', 'plates', 'mugs', 'human', 'transfer_to_operator']));
    const menu = (await call(app, 'GET', `/api/v1/bots/${shop.body.bot.id}/scripts/menu`, w.as.admin)).body.script;
    expect(menu.commands[0].buttons.map((b: { label: string }) => b.label)).toEqual(['Тарелки', 'Кружки', 'Поговорить с человеком']);
    const human = (await call(app, 'GET', `/api/v1/bots/${shop.body.bot.id}/scripts/human`, w.as.admin)).body.script;
    expect(human.commands.map((c: { type: string }) => c.type)).toContain('transfer_to_operator');

    const support = await call(app, 'POST', '/api/v1/bots/import', w.as.admin, demo('support'));
    expect(support.status).toBe(201);
    const supportId = support.body.bot.id as number;
    const start = (await call(app, 'GET', `/api/v1/bots/${supportId}/scripts/start`, w.as.admin)).body.script;
    expect(start.commands).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'ask', attribute: 'sys_phone', validate: 'phone' }),
        { type: 'transfer_to_operator', departmentCode: 'support' },
      ]),
    );
    const scripts = (await call(app, 'GET', `/api/v1/bots/${supportId}/scripts`, w.as.admin)).body.scripts as {
      code: string;
      type: string;
      entries: unknown[];
    }[];
    expect(scripts.filter((s) => s.type === 'fallback')).toHaveLength(1);
    expect(scripts.find((s) => s.code === 'operator')?.entries).toEqual([{ type: 'keyword', value: 'operator' }]);
    const triggers = (await call(app, 'GET', `/api/v1/bots/${supportId}/triggers`, w.as.admin)).body.triggers;
    expect(triggers).toEqual([expect.objectContaining({ on: 'status_changed', match: 'resolved', script: 'resolved_feedback' })]);
    // The documents are exactly what a round trip gives back.
    expect(await exportOf(supportId)).toEqual(BotExport.parse(demo('support')));
  });

  it('checks the whole document first and names every problem by its path; nothing is created', async () => {
    const before = await botCount();
    const doc = {
      format: 'metadesk.bot',
      version: 1,
      bot: { name: 'Broken', startScript: 'start', transferScript: 'missing' },
      scripts: [
        { code: 'start', name: 'Start', entries: [{ type: 'command', value: '/go' }], commands: [{ type: 'run_script', script: 'later' }] },
        {
          code: 'later',
          name: 'Later',
          entries: [{ type: 'command', value: '/GO' }],
          commands: [
            { type: 'send_text', text: 'x', condition: 'a ===' },
            { type: 'run_js', code: 'ok();' },
          ],
        },
        { code: 'start', name: 'Dup', commands: [] },
      ],
      triggers: [{ code: 't', name: 'T', script: 'ghost', on: 'manual' }],
    };
    const r = await call(app, 'POST', '/api/v1/bots/import', w.as.admin, doc);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    expect(r.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'body.scripts[2].code',
      'body.scripts[1].entries[0]',
      'body.bot.transferScript',
      'body.triggers[0].script',
      'body.scripts[1].commands[0].condition',
    ]);
    expect(r.body.error.message).toMatch(/body\.scripts\[1\]\.commands\[0\]\.condition: line 1\b/);
    expect(await botCount()).toBe(before);
  });

  it.each([
    [{ format: 'other', version: 1, bot: { name: 'x' }, scripts: [] }, 'body.format'],
    [{ format: 'metadesk.bot', version: 2, bot: { name: 'x' }, scripts: [] }, 'body.version'],
    [{ format: 'metadesk.bot', version: 1, bot: { name: '' }, scripts: [] }, 'body.bot.name'],
    [{ format: 'metadesk.bot', version: 1, bot: { name: 'x', id: 4 }, scripts: [] }, 'body.bot'],
    [
      { format: 'metadesk.bot', version: 1, bot: { name: 'x' }, scripts: [{ code: 'a', name: 'A', commands: [{ type: 'nope' }] }] },
      'body.scripts.0.commands.0.type',
    ],
    [
      { format: 'metadesk.bot', version: 1, bot: { name: 'x' }, scripts: [], triggers: [{ code: 't', name: 'T', script: 'a', on: 'manual', match: 'm' }] },
      'body.triggers.0.match',
    ],
  ] as const)('import of %j is a 400 naming %s', async (doc, field) => {
    const r = await call(app, 'POST', '/api/v1/bots/import', w.as.admin, doc);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain(field);
  });

  it('creates an empty bot from a document with no scripts', async () => {
    const r = await call(app, 'POST', '/api/v1/bots/import', w.as.admin, { format: 'metadesk.bot', version: 1, bot: { name: 'Empty' }, scripts: [] });
    expect(r.status).toBe(201);
    expect(r.body.bot).toMatchObject({ name: 'Empty', startScript: null, returnScript: null, transferScript: null });
    expect((await call(app, 'GET', `/api/v1/bots/${r.body.bot.id}/scripts`, w.as.admin)).body.scripts).toEqual([]);
  });

  it('leaves importing to those who create bots: script editors and operators are refused', async () => {
    const before = await botCount();
    const doc = { format: 'metadesk.bot', version: 1, bot: { name: 'Nope' }, scripts: [] };
    expect((await call(app, 'POST', '/api/v1/bots/import', scriptEditor, doc)).status).toBe(403);
    expect((await call(app, 'POST', '/api/v1/bots/import', w.as.olga, doc)).status).toBe(403);
    expect(await botCount()).toBe(before);
  });
});
