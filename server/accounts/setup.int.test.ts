import { describe, expect, it } from 'vitest';
import { buildApiToken, buildBusiness, buildSession, buildUser } from '../../test/factories';
import { useTestApp } from '../../test/app';
import { dialects, type TestRuntime } from '../../test/harness';
import type { App } from '../http/app-type';
import { send, statusEvents, storedStatus } from './accounts.test-support';

const owner = { businessName: 'Acme', name: 'Olivia Owner', email: 'Olivia@Example.test', password: 'correct horse' };

describe.each(await dialects())('first-run setup on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));

  it('rejects a bad owner body with a message naming the field', async () => {
    const cases: [unknown, RegExp][] = [
      [{ ...owner, email: undefined }, /body\.email/],
      [{ ...owner, email: 'not-an-email' }, /body\.email/],
      [{ ...owner, password: 'short' }, /body\.password/],
      [{ ...owner, name: 'x'.repeat(201) }, /body\.name/],
      [{ ...owner, businessName: 42 }, /body\.businessName/],
      [{ ...owner, isAdmin: true }, /isAdmin/],
    ];
    for (const [payload, field] of cases) {
      const r = await send(app, 'POST', '/api/v1/setup/owner', { payload });
      expect(r.status, JSON.stringify(payload)).toBe(400);
      expect(r.body.error.code).toBe('validation_failed');
      expect(r.body.error.message).toMatch(field);
    }
    expect((await send(app, 'GET', '/api/v1/setup')).body).toEqual({ needsOwner: true });
  });

  it('creates the business and its owner once, signs them in and sets them Online', async () => {
    expect((await send(app, 'GET', '/api/v1/setup')).body).toEqual({ needsOwner: true });
    const r = await send(app, 'POST', '/api/v1/setup/owner', { payload: owner });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({
      businessName: 'Acme',
      name: 'Olivia Owner',
      email: 'olivia@example.test',
      roles: ['admin', 'operator'],
      status: 'online',
      departments: [],
    });
    expect(r.setCookie).toMatch(/^md_session=[^;]+;/);
    expect(r.setCookie).toMatch(/HttpOnly/);
    expect(r.setCookie).toMatch(/SameSite=Lax/);
    expect(r.setCookie).toMatch(/Path=\//);
    expect(r.setCookie).not.toMatch(/Secure/);
    expect(await storedStatus(rt.ctx.db, r.body.user.id)).toBe('online');
    expect((await statusEvents(rt.ctx.db, r.body.user.businessId)).map((e) => e.data)).toEqual([{ userId: r.body.user.id, status: 'online' }]);

    const token = /md_session=([^;]+)/.exec(r.setCookie ?? '')?.[1];
    const me = await send(app, 'GET', '/api/v1/me', { headers: { cookie: `md_session=${token}` } });
    expect(me.status).toBe(200);
    expect(me.body.csrfToken).toBe(r.body.csrfToken);
    expect((await send(app, 'GET', '/api/v1/setup')).body).toEqual({ needsOwner: false });
  });

  it('answers setup_done once any user exists, whoever asks', async () => {
    const again = await send(app, 'POST', '/api/v1/setup/owner', { payload: { ...owner, email: 'other@example.test' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('setup_done');
    // Another business's admin (session or token) cannot use setup to create a business either.
    const b = await buildBusiness(rt.ctx.db);
    const admin = await buildUser(rt.ctx.db, { businessId: b.id, roles: ['admin'] });
    const s = await buildSession(rt.ctx.db, { userId: admin.id, businessId: b.id });
    const t = await buildApiToken(rt.ctx.db, { businessId: b.id });
    for (const headers of [s.headers, { authorization: `Bearer ${t.secret}` }]) {
      const r = await send(app, 'POST', '/api/v1/setup/owner', { headers, payload: { ...owner, email: 'third@example.test' } });
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('setup_done');
    }
  });
});

describe.each(await dialects())('concurrent first-run setup on %s (Secure cookies)', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r), { COOKIE_SECURE: 'true', SESSION_TTL_HOURS: '2' });

  it('creates exactly one owner when setups race', async () => {
    // Without the table lock PostgreSQL lets two of eight racers through now and then.
    const rs = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        send(app, 'POST', '/api/v1/setup/owner', { payload: { ...owner, businessName: `B${i}`, email: `racer${i}@example.test` } }),
      ),
    );
    expect(rs.map((r) => r.status).sort()).toEqual([200, ...Array<number>(7).fill(409)]);
    const winner = rs.find((r) => r.status === 200);
    expect(winner?.setCookie).toMatch(/; Secure/);
    expect(winner?.setCookie).toMatch(/Max-Age=7200/);
    const users = await rt.ctx.db.selectFrom('users').select('id').execute();
    const businesses = await rt.ctx.db.selectFrom('businesses').select('id').execute();
    expect([users.length, businesses.length]).toEqual([1, 1]);
  });
});
