import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/app';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { call, type Headers, httpWorld, signedInWith } from '../../test/world';
import type { App } from '../http/app-type';

describe.each(await dialects())('triggers routes on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let w: Awaited<ReturnType<typeof httpWorld>>;
  let writer: Headers;
  let botId: number;

  const url = (code = '') => `/api/v1/bots/${botId}/triggers${code ? `/${code}` : ''}`;
  const put = (code: string, body: object) => call(app, 'PUT', url(code), writer, { code, name: `Trigger ${code}`, ...body });

  beforeAll(async () => {
    rt = await testRuntime(dialect);
    app = await testApp(rt);
    w = await httpWorld(rt.ctx.db);
    writer = await signedInWith(rt.ctx.db, w.business.id, ['script_editor']);
    botId = (await call(app, 'POST', '/api/v1/bots', w.as.admin, { name: 'Triggers bot' })).body.bot.id;
    await call(app, 'PUT', `/api/v1/bots/${botId}/scripts/thanks`, writer, {
      code: 'thanks',
      name: 'Thanks',
      commands: [{ type: 'send_text', text: 'Thank you!' }],
    });
  });
  afterAll(async () => {
    await app?.close();
    await rt?.dispose();
  });

  it('creates, reads, lists and replaces a trigger', async () => {
    const created = await put('on_paid', { script: 'thanks', on: 'status_changed', match: 'Paid' });
    expect(created.status).toBe(200);
    expect(created.body.trigger).toMatchObject({
      botId,
      code: 'on_paid',
      name: 'Trigger on_paid',
      script: 'thanks',
      on: 'status_changed',
      match: 'Paid',
      enabled: true,
    });
    // The bot runtime reads the filter from params as { match }.
    const row = await rt.ctx.db
      .selectFrom('triggers')
      .select(['params', 'on_event', 'enabled'])
      .where('id', '=', created.body.trigger.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ params: '{"match":"Paid"}', on_event: 'status_changed', enabled: 1 });

    const replaced = await put('on_paid', { script: 'start', on: 'tag_added', enabled: false });
    expect(replaced.body.trigger).toEqual({ ...created.body.trigger, script: 'start', on: 'tag_added', match: undefined, enabled: false });
    expect(replaced.body.trigger).not.toHaveProperty('match');
    expect((await call(app, 'GET', url('on_paid'), writer)).body.trigger).toEqual(replaced.body.trigger);

    await put('phone_given', { script: 'thanks', on: 'attribute_changed', match: 'sys_phone' });
    await put('by_hand', { script: 'thanks', on: 'manual' });
    const list = await call(app, 'GET', url(), w.as.admin);
    expect(list.status).toBe(200);
    expect(list.body.triggers.map((t: { code: string; match?: string }) => [t.code, t.match])).toEqual([
      ['on_paid', undefined],
      ['phone_given', 'sys_phone'],
      ['by_hand', undefined],
    ]);
  });

  it('requires the script to exist in this bot', async () => {
    const r = await put('orphan', { script: 'nowhere', on: 'manual' });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('body.script: no script "nowhere" in this bot');
    expect((await call(app, 'GET', url('orphan'), writer)).status).toBe(404);
  });

  it('refuses to delete a trigger a script runs, naming the script, then deletes it', async () => {
    await put('reminder', { script: 'thanks', on: 'manual' });
    await call(app, 'PUT', `/api/v1/bots/${botId}/scripts/remind_later`, writer, {
      code: 'remind_later',
      name: 'Later',
      commands: [
        { type: 'send_text', text: 'ok' },
        { type: 'run_trigger', trigger: 'reminder', delaySec: 3600 },
      ],
    });
    const refused = await call(app, 'DELETE', url('reminder'), writer);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe('Trigger "reminder" is still used by script "remind_later" (commands[1].trigger); change those first');
    await call(app, 'DELETE', `/api/v1/bots/${botId}/scripts/remind_later`, writer);
    expect((await call(app, 'DELETE', url('reminder'), writer)).body).toEqual({ ok: true });
    expect((await call(app, 'GET', url('reminder'), writer)).status).toBe(404);
    expect((await call(app, 'DELETE', url('reminder'), writer)).status).toBe(404);
  });

  it('keeps the script of a trigger from being deleted', async () => {
    await put('keeper', { script: 'thanks', on: 'tag_removed', match: 'vip' });
    const r = await call(app, 'DELETE', `/api/v1/bots/${botId}/scripts/thanks`, writer);
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('trigger "keeper"');
  });

  it.each([
    [{ code: 'x', name: 'X', script: 'thanks', on: 'manual', match: 'anything' }, 'body.match: a manual trigger fires on no event: omit match'],
    [{ code: 'x', name: 'X', script: 'thanks', on: 'attribute_changed', match: 'not a name' }, 'body.match: not a valid attribute name'],
    [{ code: 'x', name: 'X', script: 'thanks', on: 'tag_added', match: 't'.repeat(65) }, 'body.match'],
    [{ code: 'x', name: 'X', script: 'thanks', on: 'birthday' }, 'body.on'],
    [{ code: 'x', name: 'X', on: 'manual' }, 'body.script'],
    [{ code: 'x', name: '', script: 'thanks', on: 'manual' }, 'body.name'],
    [{ code: 'y', name: 'X', script: 'thanks', on: 'manual' }, 'body.code: must be the code in the path ("x")'],
    [{ code: 'x', name: 'X', script: 'thanks', on: 'manual', enabled: 'yes' }, 'body.enabled'],
  ] as const)('PUT %j is a 400: %s', async (body, message) => {
    const r = await call(app, 'PUT', url('x'), writer, body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    expect(r.body.error.message).toContain(message);
  });
});
