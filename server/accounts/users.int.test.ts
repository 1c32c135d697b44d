import { describe, expect, it } from 'vitest';
import { buildDepartment, buildSession, buildUser, FACTORY_PASSWORD } from '../../test/factories';
import { useTestApp } from '../../test/app';
import { dialects, type TestRuntime } from '../../test/harness';
import type { App } from '../http/app-type';
import { send, signInOverHttp, statusEvents, storedStatus, buildTenant } from './accounts.test-support';

describe.each(await dialects())('users API on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));

  /** A business with an admin (session + token) and an operator (session). */
  const tenant = () => buildTenant(rt.ctx.db, { adminRoles: ['admin', 'operator'], adminName: 'Admin', opName: 'Olga', opStatus: 'online' });

  it('lists the business users with roles, status, departments; admins only', async () => {
    const w = await tenant();
    const dep = await buildDepartment(rt.ctx.db, { businessId: w.b.id, userIds: [w.op.id] });
    for (const headers of [w.as.admin, w.as.token]) {
      const r = await send(app, 'GET', '/api/v1/users', { headers });
      expect(r.status).toBe(200);
      expect(r.body.users).toEqual([
        {
          id: w.admin.id,
          email: w.admin.email,
          name: 'Admin',
          roles: ['admin', 'operator'],
          status: 'offline',
          maxDialogs: 5,
          departmentIds: [],
          disabled: false,
          openDialogs: 0,
          createdAt: expect.any(Number),
        },
        {
          id: w.op.id,
          email: w.op.email,
          name: 'Olga',
          roles: ['operator'],
          status: 'online',
          maxDialogs: 5,
          departmentIds: [dep.id],
          disabled: false,
          openDialogs: 0,
          createdAt: expect.any(Number),
        },
      ]);
    }
    expect((await send(app, 'GET', '/api/v1/users', { headers: w.as.op })).status).toBe(403);
    expect((await send(app, 'GET', '/api/v1/users')).status).toBe(401);
  });

  it('creates a user who can then sign in; duplicate e-mail is 409', async () => {
    const w = await tenant();
    const dep = await buildDepartment(rt.ctx.db, { businessId: w.b.id });
    const body = { email: `New-${w.b.id}@Example.test`, name: ' Nina ', password: 'nina-secret', roles: ['operator'], maxDialogs: 3, departmentIds: [dep.id] };
    const r = await send(app, 'POST', '/api/v1/users', { headers: w.as.admin, payload: body });
    expect(r.status).toBe(201);
    expect(r.body.user).toMatchObject({
      email: `new-${w.b.id}@example.test`,
      name: 'Nina',
      roles: ['operator'],
      status: 'offline',
      maxDialogs: 3,
      departmentIds: [dep.id],
      disabled: false,
    });
    const signedIn = await signInOverHttp(app, body.email, 'nina-secret');
    expect(signedIn.reply.body.user.businessId).toBe(w.b.id);
    const dup = await send(app, 'POST', '/api/v1/users', { headers: w.as.token, payload: { ...body, email: body.email.toUpperCase() } });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'conflict']);
    const byToken = await send(app, 'POST', '/api/v1/users', {
      headers: w.as.token,
      payload: { ...body, email: `t-${w.b.id}@example.test`, departmentIds: undefined },
    });
    expect(byToken.body.user).toMatchObject({ maxDialogs: 3, departmentIds: [] });
    const defaults = await send(app, 'POST', '/api/v1/users', {
      headers: w.as.admin,
      payload: { email: `d-${w.b.id}@example.test`, name: 'D', password: 'long-enough', roles: ['viewer'] },
    });
    expect(defaults.body.user).toMatchObject({ maxDialogs: 5, departmentIds: [] });
  });

  it('rejects bad user bodies with the field named, and non-admins', async () => {
    const w = await tenant();
    const ok = { email: `x-${w.b.id}@example.test`, name: 'X', password: 'long-enough', roles: ['operator'] };
    const cases: [unknown, RegExp][] = [
      [{ ...ok, roles: [] }, /body\.roles/],
      [{ ...ok, roles: ['god'] }, /body\.roles/],
      [{ ...ok, roles: ['operator', 'operator'] }, /body\.roles/],
      [{ ...ok, password: 'short' }, /body\.password/],
      [{ ...ok, maxDialogs: '3' }, /body\.maxDialogs/],
      [{ ...ok, maxDialogs: 100000 }, /body\.maxDialogs/],
      [{ ...ok, name: 'n'.repeat(201) }, /body\.name/],
      [{ ...ok, status: 'online' }, /status/],
    ];
    for (const [payload, field] of cases) {
      const r = await send(app, 'POST', '/api/v1/users', { headers: w.as.admin, payload });
      expect(r.status, JSON.stringify(payload)).toBe(400);
      expect(r.body.error.message).toMatch(field);
    }
    expect((await send(app, 'POST', '/api/v1/users', { headers: w.as.op, payload: ok })).status).toBe(403);
    expect((await send(app, 'POST', '/api/v1/users', { payload: ok })).status).toBe(401);
    expect((await send(app, 'PATCH', `/api/v1/users/${w.op.id}`, { headers: w.as.admin, payload: { maxDialogs: -1 } })).body.error.message).toMatch(
      /body\.maxDialogs/,
    );
    expect((await send(app, 'PATCH', `/api/v1/users/${w.op.id}`, { headers: w.as.admin, payload: { email: 'a@b.c' } })).body.error.message).toMatch(/email/);
    expect((await send(app, 'PATCH', `/api/v1/users/${w.op.id}`, { headers: w.as.op, payload: { name: 'Me' } })).status).toBe(403);
    expect((await send(app, 'PATCH', '/api/v1/users/abc', { headers: w.as.admin, payload: {} })).body.error.message).toMatch(/params\.id/);
  });

  it('patches name, roles, limit and departments', async () => {
    const w = await tenant();
    const d1 = await buildDepartment(rt.ctx.db, { businessId: w.b.id });
    const d2 = await buildDepartment(rt.ctx.db, { businessId: w.b.id });
    const r = await send(app, 'PATCH', `/api/v1/users/${w.op.id}`, {
      headers: w.as.admin,
      payload: { name: 'Olga P.', roles: ['operator', 'bot_editor'], maxDialogs: 8, departmentIds: [d2.id, d1.id] },
    });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ name: 'Olga P.', roles: ['operator', 'bot_editor'], maxDialogs: 8, departmentIds: [d1.id, d2.id], status: 'online' });
    const cleared = await send(app, 'PATCH', `/api/v1/users/${w.op.id}`, { headers: w.as.token, payload: { departmentIds: [] } });
    expect(cleared.body.user.departmentIds).toEqual([]);
  });

  it('disabling signs the user out everywhere, sets them Offline and blocks sign-in; re-enabling works', async () => {
    const w = await tenant();
    const opSession = await signInOverHttp(app, w.op.email, FACTORY_PASSWORD);
    const r = await send(app, 'PATCH', `/api/v1/users/${w.op.id}`, { headers: w.as.admin, payload: { disabled: true } });
    expect(r.body.user).toMatchObject({ disabled: true, status: 'offline' });
    expect((await send(app, 'GET', '/api/v1/me', { headers: opSession.headers })).status).toBe(401);
    expect((await send(app, 'GET', '/api/v1/me', { headers: w.as.op })).status).toBe(401);
    expect((await send(app, 'POST', '/api/v1/auth/login', { payload: { email: w.op.email, password: FACTORY_PASSWORD } })).status).toBe(401);
    expect(await storedStatus(rt.ctx.db, w.op.id)).toBe('offline');
    expect((await statusEvents(rt.ctx.db, w.b.id)).at(-1)?.data).toEqual({ userId: w.op.id, status: 'offline' });
    const online = await send(app, 'PUT', `/api/v1/users/${w.op.id}/status`, { headers: w.as.admin, payload: { status: 'online' } });
    expect([online.status, online.body.error.code]).toEqual([409, 'invalid_state']);
    await send(app, 'PATCH', `/api/v1/users/${w.op.id}`, { headers: w.as.admin, payload: { disabled: false } });
    expect((await send(app, 'POST', '/api/v1/auth/login', { payload: { email: w.op.email, password: FACTORY_PASSWORD } })).status).toBe(200);
  });

  it('removing the operator role sets the user Offline', async () => {
    const w = await tenant();
    const r = await send(app, 'PATCH', `/api/v1/users/${w.op.id}`, { headers: w.as.admin, payload: { roles: ['viewer'] } });
    expect(r.body.user).toMatchObject({ roles: ['viewer'], status: 'offline' });
    expect((await statusEvents(rt.ctx.db, w.b.id)).map((e) => e.data)).toEqual([{ userId: w.op.id, status: 'offline' }]);
  });

  it("a new password replaces the old one and ends the user's sessions (an admin keeps their own current one)", async () => {
    const w = await tenant();
    await send(app, 'PATCH', `/api/v1/users/${w.op.id}`, { headers: w.as.admin, payload: { password: 'brand-new-pass' } });
    expect((await send(app, 'GET', '/api/v1/me', { headers: w.as.op })).status).toBe(401);
    expect((await send(app, 'POST', '/api/v1/auth/login', { payload: { email: w.op.email, password: FACTORY_PASSWORD } })).status).toBe(401);
    await signInOverHttp(app, w.op.email, 'brand-new-pass');
    const other = await buildSession(rt.ctx.db, { userId: w.admin.id, businessId: w.b.id });
    expect((await send(app, 'PATCH', `/api/v1/users/${w.admin.id}`, { headers: w.as.admin, payload: { password: 'admin-new-pass' } })).status).toBe(200);
    expect((await send(app, 'GET', '/api/v1/me', { headers: w.as.admin })).status).toBe(200);
    expect((await send(app, 'GET', '/api/v1/me', { headers: other.headers })).status).toBe(401);
  });

  it('an admin cannot drop their own admin role or disable themselves; the business keeps an admin', async () => {
    const w = await tenant();
    const drop = await send(app, 'PATCH', `/api/v1/users/${w.admin.id}`, { headers: w.as.admin, payload: { roles: ['operator'] } });
    expect([drop.status, drop.body.error.code, drop.body.error.message]).toEqual([409, 'invalid_state', expect.stringMatching(/own admin role/)]);
    const disable = await send(app, 'PATCH', `/api/v1/users/${w.admin.id}`, { headers: w.as.admin, payload: { disabled: true } });
    expect([disable.status, disable.body.error.message]).toEqual([409, expect.stringMatching(/disable your own/)]);
    const byToken = await send(app, 'PATCH', `/api/v1/users/${w.admin.id}`, { headers: w.as.token, payload: { disabled: true } });
    expect([byToken.status, byToken.body.error.message]).toEqual([409, expect.stringMatching(/at least one active admin/)]);
    const second = await buildUser(rt.ctx.db, { businessId: w.b.id, roles: ['admin'] });
    expect((await send(app, 'PATCH', `/api/v1/users/${second.id}`, { headers: w.as.admin, payload: { disabled: true } })).status).toBe(200);
  });

  it('PUT /users/:id/status: an admin sets an operator Offline; operators get 403 (they use /me/status); non-operators 409', async () => {
    const w = await tenant();
    const r = await send(app, 'PUT', `/api/v1/users/${w.op.id}/status`, { headers: w.as.admin, payload: { status: 'offline' } });
    expect(r.body).toEqual({ userId: w.op.id, status: 'offline', changed: true });
    expect((await statusEvents(rt.ctx.db, w.b.id)).map((e) => e.data)).toEqual([{ userId: w.op.id, status: 'offline' }]);
    expect((await send(app, 'PUT', `/api/v1/users/${w.admin.id}/status`, { headers: w.as.op, payload: { status: 'online' } })).status).toBe(403);
    expect((await send(app, 'PUT', `/api/v1/users/${w.op.id}/status`, { headers: w.as.op, payload: { status: 'online' } })).status).toBe(403);
    expect((await send(app, 'PUT', `/api/v1/users/${w.op.id}/status`, { headers: w.as.token, payload: { status: 'online' } })).body.changed).toBe(true);
    const viewer = await buildUser(rt.ctx.db, { businessId: w.b.id, roles: ['viewer'] });
    expect((await send(app, 'PUT', `/api/v1/users/${viewer.id}/status`, { headers: w.as.token, payload: { status: 'online' } })).status).toBe(409);
    expect((await send(app, 'PUT', `/api/v1/users/${w.op.id}/status`, { headers: w.as.admin, payload: { status: 'busy' } })).status).toBe(400);
    expect((await send(app, 'PUT', `/api/v1/users/${w.op.id}/status`, { payload: { status: 'online' } })).status).toBe(401);
  });

  it("another business's admin or token sees none of these users and gets 404 for their ids", async () => {
    const mine = await tenant();
    const theirs = await tenant();
    const theirDep = await buildDepartment(rt.ctx.db, { businessId: theirs.b.id });
    for (const headers of [mine.as.admin, mine.as.token]) {
      const list = await send(app, 'GET', '/api/v1/users', { headers });
      expect(list.body.users.map((u: { id: number }) => u.id)).toEqual([mine.admin.id, mine.op.id]);
      expect(list.raw).not.toContain(theirs.op.email);
      const patch = await send(app, 'PATCH', `/api/v1/users/${theirs.op.id}`, { headers, payload: { name: 'Hijacked' } });
      expect([patch.status, patch.body.error.code]).toEqual([404, 'not_found']);
      const status = await send(app, 'PUT', `/api/v1/users/${theirs.op.id}/status`, { headers, payload: { status: 'offline' } });
      expect([status.status, status.body.error.code]).toEqual([404, 'not_found']);
      const withTheirDep = await send(app, 'POST', '/api/v1/users', {
        headers,
        payload: { email: `steal-${Math.random()}@example.test`, name: 'S', password: 'long-enough', roles: ['operator'], departmentIds: [theirDep.id] },
      });
      expect([withTheirDep.status, withTheirDep.body.error.code]).toEqual([404, 'not_found']);
      const patchDep = await send(app, 'PATCH', `/api/v1/users/${mine.op.id}`, { headers, payload: { departmentIds: [theirDep.id] } });
      expect(patchDep.status).toBe(404);
    }
    expect((await send(app, 'PATCH', '/api/v1/users/999999', { headers: mine.as.admin, payload: {} })).status).toBe(404);
    const untouched = await rt.ctx.db.selectFrom('users').select(['name', 'status']).where('id', '=', theirs.op.id).executeTakeFirstOrThrow();
    expect(untouched).toEqual({ name: 'Olga', status: 'online' });
    expect(await statusEvents(rt.ctx.db, theirs.b.id)).toEqual([]);
  });
});
