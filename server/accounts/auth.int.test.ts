import { describe, expect, it } from 'vitest';
import { buildApiToken, buildBusiness, buildDepartment, buildSession, buildUser, FACTORY_PASSWORD } from '../../test/factories';
import { useTestApp } from '../../test/app';
import { dialects, type TestRuntime } from '../../test/harness';
import type { App } from '../http/app-type';
import { send, signInOverHttp, statusEvents, storedStatus } from './accounts.test-support';

describe.each(await dialects())('sign-in, sign-out and me on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));

  async function operator(o: { roles?: ('admin' | 'operator' | 'viewer')[]; status?: 'online' | 'offline' } = {}) {
    const b = await buildBusiness(rt.ctx.db, { name: 'Shop' });
    const u = await buildUser(rt.ctx.db, {
      businessId: b.id,
      roles: o.roles ?? ['operator'],
      status: o.status ?? 'offline',
      email: `op-${b.id}@example.test`,
      name: 'Olga',
    });
    return { b, u };
  }

  it('login: sets an HttpOnly cookie, returns me + CSRF token, and sets the operator Online with an event', async () => {
    const { b, u } = await operator();
    const dep = await buildDepartment(rt.ctx.db, { businessId: b.id, code: 'sales', name: 'Sales', userIds: [u.id] });
    const r = await send(app, 'POST', '/api/v1/auth/login', { payload: { email: `  OP-${b.id}@Example.TEST `, password: FACTORY_PASSWORD } });
    expect(r.status).toBe(200);
    expect(r.body.user).toEqual({
      id: u.id,
      businessId: b.id,
      businessName: 'Shop',
      name: 'Olga',
      email: u.email,
      roles: ['operator'],
      status: 'online',
      maxDialogs: 5,
      departments: [{ id: dep.id, code: 'sales', name: 'Sales' }],
    });
    expect(r.body.csrfToken).toEqual(expect.any(String));
    expect(r.setCookie).toMatch(/^md_session=[^;]+; Max-Age=1209600; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(await storedStatus(rt.ctx.db, u.id)).toBe('online');
    expect((await statusEvents(rt.ctx.db, b.id)).map((e) => e.data)).toEqual([{ userId: u.id, status: 'online' }]);
  });

  it('login: an operator already Online gets no second event; a non-operator keeps no status', async () => {
    const on = await operator({ status: 'online' });
    await signInOverHttp(app, on.u.email, FACTORY_PASSWORD);
    expect(await statusEvents(rt.ctx.db, on.b.id)).toEqual([]);
    const viewer = await operator({ roles: ['viewer'] });
    const r = await signInOverHttp(app, viewer.u.email, FACTORY_PASSWORD);
    expect(r.reply.body.user.status).toBe('offline');
    expect(await statusEvents(rt.ctx.db, viewer.b.id)).toEqual([]);
  });

  it('login: wrong password, unknown e-mail and disabled user all get the same 401', async () => {
    const { u } = await operator();
    const wrong = await send(app, 'POST', '/api/v1/auth/login', { payload: { email: u.email, password: 'nope-nope' } });
    const unknown = await send(app, 'POST', '/api/v1/auth/login', { payload: { email: 'nobody@example.test', password: FACTORY_PASSWORD } });
    await rt.ctx.db.updateTable('users').set({ disabled: 1 }).where('id', '=', u.id).execute();
    const disabled = await send(app, 'POST', '/api/v1/auth/login', { payload: { email: u.email, password: FACTORY_PASSWORD } });
    for (const r of [wrong, unknown, disabled]) {
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error: { code: 'unauthenticated', message: 'Wrong e-mail or password' } });
      expect(r.setCookie).toBeUndefined();
    }
    expect(await storedStatus(rt.ctx.db, u.id)).toBe('offline');
  });

  it('login: a bad body is a 400 naming the field', async () => {
    const cases: [unknown, RegExp][] = [
      [{ email: 'a@b.c' }, /body\.password/],
      [{ email: 5, password: 'x' }, /body\.email/],
      [{ email: 'a@b.c', password: 'x', remember: true }, /remember/],
      [{ email: 'a@b.c', password: 'x'.repeat(201) }, /body\.password/],
    ];
    for (const [payload, field] of cases) {
      const r = await send(app, 'POST', '/api/v1/auth/login', { payload });
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(field);
    }
  });

  it('me: needs a session (401 without, 403 for an API token) and returns the session CSRF token', async () => {
    const { b, u } = await operator();
    expect((await send(app, 'GET', '/api/v1/me')).status).toBe(401);
    const t = await buildApiToken(rt.ctx.db, { businessId: b.id });
    const byToken = await send(app, 'GET', '/api/v1/me', { headers: { authorization: `Bearer ${t.secret}` } });
    expect([byToken.status, byToken.body.error.code]).toEqual([403, 'forbidden']);
    const s = await buildSession(rt.ctx.db, { userId: u.id, businessId: b.id });
    const me = await send(app, 'GET', '/api/v1/me', { headers: { cookie: s.cookie } });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { id: u.id, businessId: b.id }, csrfToken: s.csrf });
  });

  it('me: each session sees only its own business and user', async () => {
    const a = await operator();
    const other = await operator();
    const dep = await buildDepartment(rt.ctx.db, { businessId: other.b.id, userIds: [other.u.id] });
    const s = await buildSession(rt.ctx.db, { userId: a.u.id, businessId: a.b.id });
    const me = await send(app, 'GET', '/api/v1/me', { headers: { cookie: s.cookie } });
    expect(me.body.user).toMatchObject({ id: a.u.id, businessId: a.b.id, departments: [] });
    expect(me.raw).not.toContain(other.u.email);
    expect(me.raw).not.toContain(`"id":${dep.id},`);
  });

  it('me: an expired session is unauthenticated', async () => {
    const { b, u } = await operator();
    const s = await buildSession(rt.ctx.db, { userId: u.id, businessId: b.id, ttlMs: -1 });
    expect((await send(app, 'GET', '/api/v1/me', { headers: { cookie: s.cookie } })).status).toBe(401);
  });

  it('me/status: the operator switches Offline and back; an unchanged status sends no event', async () => {
    const { b, u } = await operator({ status: 'online' });
    const s = await buildSession(rt.ctx.db, { userId: u.id, businessId: b.id });
    const off = await send(app, 'PUT', '/api/v1/me/status', { headers: s.headers, payload: { status: 'offline' } });
    expect(off.body).toEqual({ userId: u.id, status: 'offline', changed: true });
    const again = await send(app, 'PUT', '/api/v1/me/status', { headers: s.headers, payload: { status: 'offline' } });
    expect(again.body).toEqual({ userId: u.id, status: 'offline', changed: false });
    await send(app, 'PUT', '/api/v1/me/status', { headers: s.headers, payload: { status: 'online' } });
    expect(await storedStatus(rt.ctx.db, u.id)).toBe('online');
    expect((await statusEvents(rt.ctx.db, b.id)).map((e) => e.data.status)).toEqual(['offline', 'online']);
  });

  it('me/status: only operators (403), only sessions (401/403), valid body (400), CSRF enforced (403)', async () => {
    const viewer = await operator({ roles: ['viewer'] });
    const vs = await buildSession(rt.ctx.db, { userId: viewer.u.id, businessId: viewer.b.id });
    expect((await send(app, 'PUT', '/api/v1/me/status', { headers: vs.headers, payload: { status: 'online' } })).status).toBe(403);
    expect((await send(app, 'PUT', '/api/v1/me/status', { payload: { status: 'online' } })).status).toBe(401);
    const { b, u } = await operator();
    const s = await buildSession(rt.ctx.db, { userId: u.id, businessId: b.id });
    const bad = await send(app, 'PUT', '/api/v1/me/status', { headers: s.headers, payload: { status: 'away' } });
    expect([bad.status, bad.body.error.message]).toEqual([400, expect.stringMatching(/body\.status/)]);
    const noCsrf = await send(app, 'PUT', '/api/v1/me/status', { headers: { cookie: s.cookie }, payload: { status: 'online' } });
    expect([noCsrf.status, noCsrf.body.error.code]).toEqual([403, 'csrf_failed']);
    const wrongCsrf = await send(app, 'PUT', '/api/v1/me/status', { headers: { cookie: s.cookie, 'x-csrf-token': 'forged' }, payload: { status: 'online' } });
    expect(wrongCsrf.status).toBe(403);
    expect(await storedStatus(rt.ctx.db, u.id)).toBe('offline');
  });

  it("me/status and logout act only on the caller: other businesses' operators and event logs are untouched", async () => {
    const mine = await operator();
    const theirs = await operator({ status: 'online' });
    const { headers } = await signInOverHttp(app, mine.u.email, FACTORY_PASSWORD);
    await send(app, 'PUT', '/api/v1/me/status', { headers, payload: { status: 'offline' } });
    await send(app, 'PUT', '/api/v1/me/status', { headers, payload: { status: 'online' } });
    await send(app, 'POST', '/api/v1/auth/logout', { headers, payload: { status: 'offline' } });
    expect((await statusEvents(rt.ctx.db, mine.b.id)).map((e) => e.data.userId)).toEqual([mine.u.id, mine.u.id, mine.u.id, mine.u.id]);
    expect(await statusEvents(rt.ctx.db, theirs.b.id)).toEqual([]);
    expect(await storedStatus(rt.ctx.db, theirs.u.id)).toBe('online');
  });

  it('logout "set Offline": ends the session, clears the cookie, sets Offline with an event', async () => {
    const { b, u } = await operator();
    const { headers } = await signInOverHttp(app, u.email, FACTORY_PASSWORD);
    const r = await send(app, 'POST', '/api/v1/auth/logout', { headers, payload: { status: 'offline' } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true });
    expect(r.setCookie).toMatch(/^md_session=; Max-Age=0; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
    expect((await send(app, 'GET', '/api/v1/me', { headers })).status).toBe(401);
    expect(await storedStatus(rt.ctx.db, u.id)).toBe('offline');
    expect((await statusEvents(rt.ctx.db, b.id)).map((e) => e.data)).toEqual([
      { userId: u.id, status: 'online' },
      { userId: u.id, status: 'offline' },
    ]);
  });

  it('logout "stay Online": ends the session but the operator stays Online, no event', async () => {
    const { b, u } = await operator();
    const { headers } = await signInOverHttp(app, u.email, FACTORY_PASSWORD);
    const r = await send(app, 'POST', '/api/v1/auth/logout', { headers, payload: { status: 'online' } });
    expect(r.status).toBe(200);
    expect((await send(app, 'GET', '/api/v1/me', { headers })).status).toBe(401);
    expect(await storedStatus(rt.ctx.db, u.id)).toBe('online');
    expect((await statusEvents(rt.ctx.db, b.id)).map((e) => e.data.status)).toEqual(['online']);
  });

  it('logout: ends only this session; needs a session, CSRF and a status choice', async () => {
    const { b, u } = await operator();
    const one = await signInOverHttp(app, u.email, FACTORY_PASSWORD);
    const two = await signInOverHttp(app, u.email, FACTORY_PASSWORD);
    const noCsrf = await send(app, 'POST', '/api/v1/auth/logout', { headers: { cookie: one.headers.cookie ?? '' }, payload: { status: 'offline' } });
    expect([noCsrf.status, noCsrf.body.error.code]).toEqual([403, 'csrf_failed']);
    const noChoice = await send(app, 'POST', '/api/v1/auth/logout', { headers: one.headers, payload: {} });
    expect([noChoice.status, noChoice.body.error.message]).toEqual([400, expect.stringMatching(/body\.status/)]);
    expect((await send(app, 'POST', '/api/v1/auth/logout', { payload: { status: 'offline' } })).status).toBe(401);
    const t = await buildApiToken(rt.ctx.db, { businessId: b.id });
    const byToken = await send(app, 'POST', '/api/v1/auth/logout', { headers: { authorization: `Bearer ${t.secret}` }, payload: { status: 'offline' } });
    expect(byToken.status).toBe(403);
    expect((await send(app, 'POST', '/api/v1/auth/logout', { headers: one.headers, payload: { status: 'online' } })).status).toBe(200);
    expect((await send(app, 'GET', '/api/v1/me', { headers: two.headers })).status).toBe(200);
  });
});
