import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dialects, type TestRuntime } from '../../test/harness';
import { expectCursorRefused, readPages, withCursor } from '../../test/pages';
import { call, httpWorld, strangerWorld, type Answer } from '../../test/world';
import type { App } from '../http/app-type';

// The audit log: who changed which setting, user, bot or script, and when — written in the change's
// own transaction, through the API, never with a secret in it, one business never seeing another's.
describe.each(await dialects())('the audit log on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));

  const audit = async (headers: Record<string, string>, query = '') => (await call(app, 'GET', `/api/v1/audit${query}`, headers)).body.entries as Answer[];

  it('records each administrative change with who made it and what changed, newest first', async () => {
    const w = await httpWorld(rt.ctx.db);
    const before = Date.now();
    expect((await call(app, 'PATCH', '/api/v1/business', w.as.admin, { settings: { autoAssign: true, reassignAfterSec: 120 } })).status).toBe(200);
    const dept = (await call(app, 'POST', '/api/v1/departments', w.as.admin, { code: 'sales', name: 'Sales' })).body.department;
    expect((await call(app, 'PATCH', `/api/v1/departments/${dept.id}`, w.as.admin, { reassignAfterSec: 60 })).status).toBe(200);
    const user = (
      await call(app, 'POST', '/api/v1/users', w.as.admin, {
        email: `ira${Math.random()}@shop.test`,
        name: 'Ira',
        password: 'secret-pass-1',
        roles: ['operator'],
      })
    ).body.user;
    expect((await call(app, 'PATCH', `/api/v1/users/${user.id}`, w.as.admin, { maxDialogs: 7, password: 'another-pass-2' })).status).toBe(200);
    const token = await call(app, 'POST', '/api/v1/tokens', w.as.admin, { name: 'CRM', roles: ['operator'] });
    expect(token.status).toBe(201);
    expect((await call(app, 'PUT', '/api/v1/routing/script', w.as.admin, { code: 'return null;' })).status).toBe(200);
    // A change refused writes nothing.
    expect((await call(app, 'POST', '/api/v1/departments', w.as.admin, { code: 'sales', name: 'Again' })).status).toBe(409);

    const entries = await audit(w.as.admin);
    expect(entries.map((e) => e.action)).toEqual([
      'routing_script.save',
      'api_token.create',
      'user.update',
      'user.create',
      'department.update',
      'department.create',
      'business.update',
    ]);
    for (const e of entries) {
      expect(e.actor).toEqual({ kind: 'user', id: w.admin.id, name: w.admin.name });
      expect(e.at).toBeGreaterThanOrEqual(before);
    }
    expect(entries.at(-1).details).toEqual({ autoAssign: true, reassignAfterSec: 120 });
    expect(entries[4]).toMatchObject({ target: { type: 'department', id: dept.id }, details: { reassignAfterSec: 60 } });
    // Secrets never reach it: the password is "changed", the token's secret is not there at all.
    expect(entries[2]).toMatchObject({ target: { type: 'user', id: user.id }, details: { maxDialogs: 7, password: 'changed' } });
    const text = JSON.stringify(entries);
    expect(text).not.toContain('another-pass-2');
    expect(text).not.toContain('secret-pass-1');
    expect(text).not.toContain(token.body.secret);
  });

  it('filters by action, user, target and period, and pages', async () => {
    const w = await httpWorld(rt.ctx.db);
    for (const name of ['A', 'B', 'C']) await call(app, 'POST', '/api/v1/departments', w.as.admin, { code: name.toLowerCase(), name });
    // An API token acting is named as such.
    await call(app, 'PATCH', '/api/v1/business', w.as.bot, { settings: { reminderIntervalSec: 30 } });
    expect((await audit(w.as.admin, '?action=department.create')).map((e) => e.details.code)).toEqual(['c', 'b', 'a']);
    expect(await audit(w.as.admin, `?userId=${w.admin.id}&action=business.update`)).toEqual([]);
    const byToken = await audit(w.as.admin, '?action=business.update');
    expect(byToken[0].actor).toEqual({ kind: 'token', id: w.token.row.id, name: `API token ${w.token.row.id}` });
    const pages = await readPages((cursor) => call(app, 'GET', withCursor('/api/v1/audit?limit=2', cursor), w.as.admin));
    expect(pages.map((p) => p.entries.map((e: Answer) => e.details.code ?? e.action))).toEqual([
      ['business.update', 'c'],
      ['b', 'a'],
    ]);
    // A filter goes on with the cursor.
    const created = await readPages((cursor) => call(app, 'GET', withCursor('/api/v1/audit?action=department.create&limit=1', cursor), w.as.admin));
    expect(created.map((p) => p.entries.map((e: Answer) => e.details.code))).toEqual([['c'], ['b'], ['a']]);
    expectCursorRefused(await call(app, 'GET', '/api/v1/audit?cursor=zzz', w.as.admin));
    expect(await audit(w.as.admin, `?to=${pages[0].entries[0].at - 100_000}`)).toEqual([]);
    expect((await call(app, 'GET', '/api/v1/audit?action=nonsense', w.as.admin)).status).toBe(400);
  });

  it('is for administrators, and each business sees only its own', async () => {
    const w = await httpWorld(rt.ctx.db);
    await call(app, 'POST', '/api/v1/departments', w.as.admin, { code: 'own', name: 'Own' });
    expect((await call(app, 'GET', '/api/v1/audit', w.as.olga)).status).toBe(403);
    const stranger = await strangerWorld(rt.ctx.db);
    expect(await audit(stranger.headers)).toEqual([]);
  });
});
