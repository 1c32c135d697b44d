import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/app';
import { buildApiToken } from '../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { call, type Headers, httpWorld, signedInWith, strangerWorld } from '../../test/world';
import type { App } from '../http/app-type';

// Every route of scripts, triggers, logs, bot settings and export/import: who gets in, and that a bot
// of another business is a 404 that changes nothing, whatever the route.
describe.each(await dialects())('bot scripting access on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let w: Awaited<ReturnType<typeof httpWorld>>;
  let viewer: Headers;
  let operatorToken: Headers;
  let stranger: Headers; // admin of another business
  let strangerToken: Headers; // admin API token of another business
  let botId: number;

  beforeAll(async () => {
    rt = await testRuntime(dialect);
    app = await testApp(rt);
    w = await httpWorld(rt.ctx.db);
    viewer = await signedInWith(rt.ctx.db, w.business.id, ['viewer']);
    operatorToken = { authorization: `Bearer ${(await buildApiToken(rt.ctx.db, { businessId: w.business.id, roles: ['operator'] })).secret}` };
    const { world: other, headers: strangerHeaders } = await strangerWorld(rt.ctx.db);
    stranger = strangerHeaders;
    strangerToken = { authorization: `Bearer ${other.token.secret}` };

    botId = (await call(app, 'POST', '/api/v1/bots', w.as.admin, { name: 'Guarded' })).body.bot.id;
    await call(app, 'PUT', `/api/v1/bots/${botId}/scripts/free`, w.as.admin, { code: 'free', name: 'Free', commands: [{ type: 'send_text', text: 'hi' }] });
    await call(app, 'PUT', `/api/v1/bots/${botId}/scripts/start`, w.as.admin, { code: 'start', name: 'Start', commands: [{ type: 'send_text', text: 'v2' }] });
    await call(app, 'PUT', `/api/v1/bots/${botId}/triggers/t`, w.as.admin, { code: 't', name: 'T', script: 'free', on: 'manual' });
    await rt.ctx.db
      .insertInto('script_logs')
      .values({ business_id: w.business.id, bot_id: botId, lead_id: null, script: 'free', level: 'error', message: 'secret detail', created_at: 1 })
      .execute();
  });
  afterAll(async () => {
    await app?.close();
    await rt?.dispose();
  });

  /** Every route on our bot, with a request that would succeed for our admin. */
  const routes = () => {
    const b = `/api/v1/bots/${botId}`;
    return [
      ['GET', `${b}/scripts`, undefined],
      ['GET', `${b}/scripts/start`, undefined],
      ['PUT', `${b}/scripts/start`, { code: 'start', name: 'Hijacked', commands: [] }],
      ['PUT', `${b}/scripts/planted`, { code: 'planted', name: 'Planted', commands: [] }],
      ['DELETE', `${b}/scripts/planted`, undefined],
      ['GET', `${b}/scripts/start/versions`, undefined],
      ['GET', `${b}/scripts/start/versions/1`, undefined],
      ['POST', `${b}/scripts/start/versions/1/restore`, undefined],
      ['GET', `${b}/triggers`, undefined],
      ['GET', `${b}/triggers/t`, undefined],
      ['PUT', `${b}/triggers/t`, { code: 't', name: 'Hijacked', script: 'start', on: 'manual' }],
      ['DELETE', `${b}/triggers/t`, undefined],
      ['GET', `${b}/logs`, undefined],
      ['GET', `${b}/export`, undefined],
      ['PATCH', b, { name: 'Hijacked', startScript: 'free' }],
    ] as const;
  };
  const importDoc = { format: 'metadesk.bot', version: 1, bot: { name: 'Imported' }, scripts: [] };

  /** Everything a stranger could have read or changed, as our admin sees it. */
  const state = async () => ({
    export: (await call(app, 'GET', `/api/v1/bots/${botId}/export`, w.as.admin)).body,
    versions: (await call(app, 'GET', `/api/v1/bots/${botId}/scripts/start/versions`, w.as.admin)).body,
    bots: (await call(app, 'GET', '/api/v1/bots', w.as.admin)).body,
  });

  it('answers 401 without credentials on every route', async () => {
    for (const [method, url, payload] of [...routes(), ['POST', '/api/v1/bots/import', importDoc] as const]) {
      const r = await call(app, method, url, {}, payload);
      expect(r.status, `${method} ${url}`).toBe(401);
    }
  });

  it('answers 403 to operators (people and tokens) and viewers on every route', async () => {
    const before = await state();
    for (const [method, url, payload] of [...routes(), ['POST', '/api/v1/bots/import', importDoc] as const]) {
      for (const who of [w.as.olga, operatorToken, viewer]) {
        const r = await call(app, method, url, who, payload);
        expect(r.status, `${method} ${url}`).toBe(403);
        expect(r.body.error.code).toBe('forbidden');
      }
    }
    expect(await state()).toEqual(before);
  });

  it("answers 404 to another business's admin on every route, and reads or changes nothing", async () => {
    const before = await state();
    for (const [method, url, payload] of routes()) {
      for (const who of [stranger, strangerToken]) {
        const r = await call(app, method, url, who, payload);
        expect(r.status, `${method} ${url}`).toBe(404);
        expect(r.body.error.code).toBe('not_found');
        expect(JSON.stringify(r.body)).not.toMatch(/Guarded|secret detail|free/);
      }
    }
    expect(await state()).toEqual(before);
    // An import lands in the importer's own business, never in ours.
    const r = await call(app, 'POST', '/api/v1/bots/import', stranger, importDoc);
    expect(r.status).toBe(201);
    expect(await state()).toEqual(before);
  });

  it('lets our admin do all of it (the routes above are real)', async () => {
    for (const [method, url, payload] of routes()) {
      const r = await call(app, method, url, w.as.admin, payload);
      expect(r.status, `${method} ${url}: ${JSON.stringify(r.body)}`).toBe(200);
    }
  });
});
