import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { buildDepartment, buildScript, buildUser, setBotScripts } from '../../test/factories';
import { dialects, type TestRuntime } from '../../test/harness';
import { call, httpWorld, signedInWith, strangerWorld } from '../../test/world';
import type { App } from '../http/app-type';

describe.each(await dialects())('the workspace directory on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));

  it('gives operators the bots with their scripts, the operators with status, departments and the reminder interval', async () => {
    const w = await httpWorld(rt.ctx.db);
    await buildScript(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, code: 'start', name: 'Welcome', commands: [] });
    await buildScript(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, code: 'mugs', name: 'Mugs', commands: [] });
    await setBotScripts(rt.ctx.db, w.bot.id, { ret: 'mugs' });
    await buildDepartment(rt.ctx.db, { businessId: w.business.id, code: 'sales', name: 'Sales' });
    await buildUser(rt.ctx.db, { businessId: w.business.id, roles: ['bot_editor'], name: 'Editor' });
    const stranger = await strangerWorld(rt.ctx.db);
    await buildScript(rt.ctx.db, { businessId: stranger.world.business.id, botId: stranger.world.bot.id, code: 'secret', commands: [] });
    await call(app, 'PATCH', '/api/v1/business', w.as.admin, { settings: { reminderIntervalSec: 30 } });

    const r = await call(app, 'GET', '/api/v1/workspace', w.as.olga);
    expect(r.status).toBe(200);
    expect(r.body.bots).toEqual([
      {
        id: w.bot.id,
        name: 'Shop bot',
        returnScript: 'mugs',
        scripts: [
          { code: 'start', name: 'Welcome' },
          { code: 'mugs', name: 'Mugs' },
        ],
      },
    ]);
    // Operators only (the editor is not one), with their status; nobody of the other business.
    expect(r.body.operators.map((o: { name: string }) => o.name)).toEqual(['Admin', 'Olga', 'Pavel']);
    expect(r.body.operators.find((o: { name: string }) => o.name === 'Olga').status).toBe('online');
    expect(r.body.departments).toEqual([expect.objectContaining({ code: 'sales', name: 'Sales' })]);
    expect(r.body.settings).toEqual({ reminderIntervalSec: 30 });
  });

  it('is for operators, administrators and viewers only', async () => {
    const w = await httpWorld(rt.ctx.db);
    expect((await call(app, 'GET', '/api/v1/workspace', await signedInWith(rt.ctx.db, w.business.id, ['viewer']))).status).toBe(200);
    const editor = await call(app, 'GET', '/api/v1/workspace', await signedInWith(rt.ctx.db, w.business.id, ['bot_editor']));
    expect(editor.status).toBe(403);
    expect((await call(app, 'GET', '/api/v1/workspace', {})).status).toBe(401);
  });

  it('refuses a reminder interval outside 10–3600 s with a message naming the field', async () => {
    const w = await httpWorld(rt.ctx.db);
    const r = await call(app, 'PATCH', '/api/v1/business', w.as.admin, { settings: { reminderIntervalSec: 5 } });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('reminderIntervalSec');
  });
});
