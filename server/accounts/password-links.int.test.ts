import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dialects, type TestRuntime } from '../../test/harness';
import { call, httpWorld, leadSays } from '../../test/world';
import type { App } from '../http/app-type';
import { send, signInOverHttp } from './accounts.test-support';

// Invitations, password reset links and "sign out everywhere", through the API: a link works once,
// until it expires, never for a deactivated user; its token is never stored or shown again.
describe.each(await dialects())('password links and sessions on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));

  const tokenOf = (url: string) => new URL(url).hash.replace('#token=', '');
  const setPassword = (token: string, password: string) => send(app, 'POST', '/api/v1/auth/set-password', { payload: { token, password } });

  it('invites a user without a password: the link sets it, signs them in, and works only once', async () => {
    const w = await httpWorld(rt.ctx.db);
    const email = `new-${Math.random()}@shop.test`;
    const created = await call(app, 'POST', '/api/v1/users', w.as.admin, { email, name: 'Nina', roles: ['operator'] });
    expect(created.status).toBe(201);
    expect(created.body.inviteUrl).toMatch(/^http:\/\/localhost:\d+\/set-password#token=[\w-]{20,}$/);
    expect(created.body.user).toMatchObject({ name: 'Nina', openDialogs: 0 });
    // Nobody can sign in before the link is used: the stored password is one nobody knows.
    const token = tokenOf(created.body.inviteUrl);
    const signedIn = await setPassword(token, 'nina-chose-this');
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toMatchObject({ email, status: 'online' });
    expect(signedIn.setCookie).toMatch(/^md_session=/);
    expect((await signInOverHttp(app, email, 'nina-chose-this')).reply.status).toBe(200);
    // Used: refused with what to do.
    const again = await setPassword(token, 'someone-else-1');
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/expired or was already used; ask your administrator/);
    // Only the hash is stored.
    const stored = await rt.ctx.db.selectFrom('password_links').select('token_hash').execute();
    expect(stored.map((r) => r.token_hash)).not.toContain(token);
  });

  it("a reset link replaces earlier ones, ends the user's sessions when used, and expires", async () => {
    const w = await httpWorld(rt.ctx.db);
    const first = (await call(app, 'POST', `/api/v1/users/${w.op1.id}/password-link`, w.as.admin)).body;
    const second = await call(app, 'POST', `/api/v1/users/${w.op1.id}/password-link`, w.as.admin);
    expect(second.status).toBe(200);
    expect(second.body.expiresAt).toBeGreaterThan(Date.now() + 6 * 24 * 3600_000);
    expect((await setPassword(tokenOf(first.url), 'too-late-pass')).status).toBe(400);
    // Olga's session (made by the world) ends when the new password is set.
    expect((await call(app, 'GET', '/api/v1/me', w.as.olga)).status).toBe(200);
    expect((await setPassword(tokenOf(second.body.url), 'olga-new-pass')).status).toBe(200);
    expect((await call(app, 'GET', '/api/v1/me', w.as.olga)).status).toBe(401);
    // An expired link: made "8 days ago".
    const old = (await call(app, 'POST', `/api/v1/users/${w.op2.id}/password-link`, w.as.admin)).body;
    await rt.ctx.db
      .updateTable('password_links')
      .set({ expires_at: Date.now() - 1 })
      .where('user_id', '=', w.op2.id)
      .execute();
    expect((await setPassword(tokenOf(old.url), 'pavel-new-pass')).status).toBe(400);
    // A deactivated user's link does nothing.
    const fresh = (await call(app, 'POST', `/api/v1/users/${w.op2.id}/password-link`, w.as.admin)).body;
    await call(app, 'PATCH', `/api/v1/users/${w.op2.id}`, w.as.admin, { disabled: true });
    expect((await setPassword(tokenOf(fresh.url), 'pavel-new-pass')).status).toBe(400);
    // An unknown token, a bad body.
    expect((await setPassword('x'.repeat(43), 'whatever-pass')).status).toBe(400);
    expect((await send(app, 'POST', '/api/v1/auth/set-password', { payload: { token: 'short' } })).status).toBe(400);
  });

  it("signs a user out everywhere; only administrators, only in their business; the list shows each user's load", async () => {
    const w = await httpWorld(rt.ctx.db);
    expect((await call(app, 'DELETE', `/api/v1/users/${w.op1.id}/sessions`, w.as.olga)).status).toBe(403);
    expect((await call(app, 'DELETE', `/api/v1/users/${w.op1.id}/sessions`, w.as.admin)).status).toBe(200);
    expect((await call(app, 'GET', '/api/v1/me', w.as.olga)).status).toBe(401);
    const other = await httpWorld(rt.ctx.db);
    expect((await call(app, 'DELETE', `/api/v1/users/${w.op2.id}/sessions`, other.as.admin)).status).toBe(404);
    expect((await call(app, 'POST', `/api/v1/users/${w.op2.id}/password-link`, other.as.admin)).status).toBe(404);
    // Load: Pavel takes a waiting dialog.
    const { leadId } = await leadSays(app, w, `load-${Math.random()}`, 'hi');
    await call(app, 'POST', `/api/v1/leads/${leadId}/transfer-to-operators`, w.as.bot, {});
    const dialogId = (await call(app, 'GET', '/api/v1/inbox?tab=waiting', w.as.pavel)).body.rows[0].dialog.id;
    expect((await call(app, 'POST', `/api/v1/dialogs/${dialogId}/take`, w.as.pavel)).status).toBe(200);
    const users = (await call(app, 'GET', '/api/v1/users', w.as.admin)).body.users;
    expect(users.find((u: { id: number }) => u.id === w.op2.id).openDialogs).toBe(1);
    expect(users.find((u: { id: number }) => u.id === w.op1.id).openDialogs).toBe(0);
    // The audit log has both.
    const actions = (await call(app, 'GET', '/api/v1/audit', w.as.admin)).body.entries.map((e: { action: string }) => e.action);
    expect(actions).toContain('user.sign_out_everywhere');
  });
});
