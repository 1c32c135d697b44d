import { describe, expect, it } from 'vitest';
import { buildBot, buildChannel, buildDepartment, buildLead } from '../../test/factories';
import { useTestApp } from '../../test/app';
import { dialects, type TestRuntime } from '../../test/harness';
import type { App } from '../http/app-type';
import { send, buildTenant } from './accounts.test-support';

describe.each(await dialects())('departments API on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));

  const tenant = () => buildTenant(rt.ctx.db);

  it('creates, lists by code, renames and deletes departments', async () => {
    const w = await tenant();
    const sales = await send(app, 'POST', '/api/v1/departments', { headers: w.as.admin, payload: { code: 'sales', name: ' Sales ' } });
    expect(sales.status).toBe(201);
    expect(sales.body.department).toEqual({
      id: expect.any(Number),
      code: 'sales',
      name: 'Sales',
      autoAssign: null,
      offlineDialogs: null,
      reassignAfterSec: null,
      firstResponseTargetSec: null,
      nextResponseTargetSec: null,
      createdAt: expect.any(Number),
    });
    const support = await send(app, 'POST', '/api/v1/departments', { headers: w.as.token, payload: { code: 'a_support-1', name: 'Support' } });
    const list = await send(app, 'GET', '/api/v1/departments', { headers: w.as.admin });
    expect(list.body.departments.map((d: { code: string }) => d.code)).toEqual(['a_support-1', 'sales']);
    const renamed = await send(app, 'PATCH', `/api/v1/departments/${sales.body.department.id}`, {
      headers: w.as.admin,
      payload: { name: 'Sales team', code: 'sales2' },
    });
    expect(renamed.body.department).toMatchObject({ id: sales.body.department.id, code: 'sales2', name: 'Sales team' });
    const del = await send(app, 'DELETE', `/api/v1/departments/${support.body.department.id}`, { headers: w.as.admin });
    expect([del.status, del.body]).toEqual([200, { ok: true }]);
    expect((await send(app, 'GET', '/api/v1/departments', { headers: w.as.token })).body.departments).toHaveLength(1);
  });

  it('duplicate codes are 409 within a business, fine across businesses', async () => {
    const w = await tenant();
    await send(app, 'POST', '/api/v1/departments', { headers: w.as.admin, payload: { code: 'vip', name: 'VIP' } });
    const dup = await send(app, 'POST', '/api/v1/departments', { headers: w.as.admin, payload: { code: 'vip', name: 'Again' } });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'conflict']);
    const other = await send(app, 'POST', '/api/v1/departments', { headers: w.as.admin, payload: { code: 'other', name: 'Other' } });
    const clash = await send(app, 'PATCH', `/api/v1/departments/${other.body.department.id}`, { headers: w.as.admin, payload: { code: 'vip' } });
    expect([clash.status, clash.body.error.code]).toEqual([409, 'conflict']);
    const elsewhere = await tenant();
    expect((await send(app, 'POST', '/api/v1/departments', { headers: elsewhere.as.admin, payload: { code: 'vip', name: 'VIP' } })).status).toBe(201);
  });

  it('rejects bad bodies naming the field, non-admins and anonymous callers', async () => {
    const w = await tenant();
    const cases: [unknown, RegExp][] = [
      [{ code: 'Sales', name: 'S' }, /body\.code/],
      [{ code: 'x'.repeat(33), name: 'S' }, /body\.code/],
      [{ code: 'a b', name: 'S' }, /body\.code/],
      [{ code: 'ok' }, /body\.name/],
      [{ code: 'ok', name: 'n'.repeat(201) }, /body\.name/],
      [{ code: 'ok', name: 'S', color: 'red' }, /color/],
    ];
    for (const [payload, field] of cases) {
      const r = await send(app, 'POST', '/api/v1/departments', { headers: w.as.admin, payload });
      expect(r.status, JSON.stringify(payload)).toBe(400);
      expect(r.body.error.message).toMatch(field);
    }
    const d = await buildDepartment(rt.ctx.db, { businessId: w.b.id });
    expect((await send(app, 'PATCH', `/api/v1/departments/${d.id}`, { headers: w.as.admin, payload: { code: 'UPPER' } })).body.error.message).toMatch(
      /body\.code/,
    );
    for (const [method, url, payload] of [
      ['GET', '/api/v1/departments', undefined],
      ['POST', '/api/v1/departments', { code: 'x', name: 'X' }],
      ['PATCH', `/api/v1/departments/${d.id}`, { name: 'X' }],
      ['DELETE', `/api/v1/departments/${d.id}`, undefined],
    ] as const) {
      expect((await send(app, method, url, { headers: w.as.op, payload })).status, `${method} ${url}`).toBe(403);
      expect((await send(app, method, url, { payload })).status, `${method} ${url}`).toBe(401);
    }
  });

  it('deleting removes memberships; refused while dialogs are open in the department', async () => {
    const w = await tenant();
    const d = await buildDepartment(rt.ctx.db, { businessId: w.b.id, userIds: [w.op.id] });
    const bot = await buildBot(rt.ctx.db, { businessId: w.b.id });
    const channel = await buildChannel(rt.ctx.db, { businessId: w.b.id, botId: bot.id });
    const lead = await buildLead(rt.ctx.db, { businessId: w.b.id, botId: bot.id, channelId: channel.id });
    const dialog = await rt.ctx.db
      .insertInto('dialogs')
      .values({
        business_id: w.b.id,
        lead_id: lead.id,
        state: 'waiting',
        department_id: d.id,
        assignee_id: null,
        created_at: Date.now(),
        assigned_at: null,
        first_response_at: null,
        ended_at: null,
        end_reason: null,
        ended_by: null,
        return_script: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const refused = await send(app, 'DELETE', `/api/v1/departments/${d.id}`, { headers: w.as.admin });
    expect([refused.status, refused.body.error.code, refused.body.error.message]).toEqual([409, 'invalid_state', expect.stringMatching(/1 open dialog/)]);
    await rt.ctx.db.updateTable('dialogs').set({ state: 'closed' }).where('id', '=', dialog.id).execute();
    expect((await send(app, 'DELETE', `/api/v1/departments/${d.id}`, { headers: w.as.admin })).status).toBe(200);
    expect((await send(app, 'GET', '/api/v1/me', { headers: w.as.op })).body.user.departments).toEqual([]);
    const users = await send(app, 'GET', '/api/v1/users', { headers: w.as.admin });
    expect(users.body.users.find((u: { id: number }) => u.id === w.op.id).departmentIds).toEqual([]);
  });

  it("another business's admin or token sees none of these departments and gets 404 for their ids", async () => {
    const mine = await tenant();
    const theirs = await tenant();
    const theirDep = await buildDepartment(rt.ctx.db, { businessId: theirs.b.id, code: 'secret', name: 'Secret' });
    for (const headers of [mine.as.admin, mine.as.token]) {
      const list = await send(app, 'GET', '/api/v1/departments', { headers });
      expect(list.body.departments).toEqual([]);
      const patch = await send(app, 'PATCH', `/api/v1/departments/${theirDep.id}`, { headers, payload: { name: 'Mine now' } });
      expect([patch.status, patch.body.error.code]).toEqual([404, 'not_found']);
      const del = await send(app, 'DELETE', `/api/v1/departments/${theirDep.id}`, { headers });
      expect([del.status, del.body.error.code]).toEqual([404, 'not_found']);
    }
    expect(await rt.ctx.db.selectFrom('departments').select(['name']).where('id', '=', theirDep.id).executeTakeFirst()).toEqual({ name: 'Secret' });
  });
});
