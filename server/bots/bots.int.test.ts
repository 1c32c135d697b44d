import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/app';
import { buildSession, buildUser, buildWorld } from '../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { call, httpWorld, type Headers } from '../../test/world';
import type { App } from '../http/app';

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
    const ed = await buildUser(rt.ctx.db, { businessId: w.business.id, roles: ['bot_editor'] });
    editor = (await buildSession(rt.ctx.db, { userId: ed.id, businessId: w.business.id })).headers;
    const other = await buildWorld(rt.ctx.db);
    stranger = (await buildSession(rt.ctx.db, { userId: other.admin.id, businessId: other.business.id })).headers;
    strangerBotId = other.bot.id;
  });
  afterAll(async () => { await app?.close(); await rt?.dispose(); });

  it('creates, lists and renames bots (admin and bot editor)', async () => {
    const created = await call(app, 'POST', '/api/v1/bots', w.as.admin, { name: '  Support bot ' });
    expect(created.status).toBe(201);
    expect(created.body.bot).toMatchObject({ name: 'Support bot' });
    const id = created.body.bot.id as number;

    const renamed = await call(app, 'PATCH', `/api/v1/bots/${id}`, editor, { name: 'Helpdesk' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.bot).toEqual({ id, name: 'Helpdesk', createdAt: created.body.bot.createdAt });

    const list = await call(app, 'GET', '/api/v1/bots', editor);
    expect(list.status).toBe(200);
    expect(list.body.bots.map((b: { name: string }) => b.name)).toEqual(['Shop bot', 'Helpdesk']);
    expect((await call(app, 'GET', '/api/v1/bots', w.as.bot)).status).toBe(200); // an admin API token
  });

  it('never shows or changes another business\'s bots (404)', async () => {
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
  ] as const)('%s %s with %j is a 400 naming %s', async (method, url, payload, field) => {
    const r = await call(app, method, url.replace('BOT', String(w.bot.id)), w.as.admin, payload);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    expect(r.body.error.message).toContain(field);
  });

  const routes = () => [
    ['GET', '/api/v1/bots', undefined],
    ['POST', '/api/v1/bots', { name: 'x' }],
    ['PATCH', `/api/v1/bots/${w.bot.id}`, { name: 'x' }],
  ] as const;

  it('answers 401 without credentials and 403 to an operator on every route', async () => {
    for (const [method, url, payload] of routes()) {
      expect((await call(app, method, url, {}, payload)).status, `${method} ${url}`).toBe(401);
      const r = await call(app, method, url, w.as.olga, payload);
      expect(r.status, `${method} ${url}`).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
    const names = (await rt.ctx.db.selectFrom('bots').select('name').where('business_id', '=', w.business.id).execute()).map((b) => b.name);
    expect(names).not.toContain('x'); // nothing was created or renamed on the way
  });
});
