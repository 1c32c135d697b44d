import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dialects, type TestRuntime } from '../../test/harness';
import { call, httpWorld, signedInWith, strangerWorld } from '../../test/world';
import type { App } from '../http/app-type';
import { startSmtpServer, type TestSmtp } from './smtp.testkit';

const PASSWORD = 'smtp-pass-Zq81';

// The business's SMTP server: an administrator sets it (the password write-only: never shown, in
// the audit log only as "changed"), checks it with a test message that a real SMTP server receives,
// and reads the server's refusal when something is wrong.
describe.each(await dialects())('the e-mail (SMTP) settings on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let smtp: TestSmtp;
  // The test's SMTP server is on 127.0.0.1: this installation allows that (the guard is tested below).
  useTestApp(dialect, (r) => ({ rt, app } = r), { SMTP_ALLOW_PRIVATE: 'true' });
  beforeAll(async () => {
    smtp = await startSmtpServer({ user: 'desk@shop.test', password: PASSWORD });
  });
  afterAll(async () => smtp?.close());

  const settings = (over: Record<string, unknown> = {}) => ({
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    user: 'desk@shop.test',
    password: PASSWORD,
    from: 'desk@shop.test',
    ...over,
  });

  it('is empty at first; an administrator sets it, sees everything but the password, and a test message arrives', async () => {
    const w = await httpWorld(rt.ctx.db);
    expect(await call(app, 'GET', '/api/v1/business/smtp', w.as.admin)).toEqual({ status: 200, body: { smtp: null } });
    // No server yet: the test says so, 409.
    const none = await call(app, 'POST', '/api/v1/business/smtp/test', w.as.admin, { to: 'boss@shop.test' });
    expect(none.status).toBe(409);
    expect(none.body.error.message).toMatch(/No SMTP server is configured/);

    const put = await call(app, 'PUT', '/api/v1/business/smtp', w.as.admin, settings());
    expect(put.status).toBe(200);
    expect(put.body.smtp).toEqual({
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      user: 'desk@shop.test',
      passwordSet: true,
      from: 'desk@shop.test',
      updatedAt: expect.any(Number),
    });
    const got = await call(app, 'GET', '/api/v1/business/smtp', w.as.admin);
    expect(got.body).toEqual(put.body);
    expect(JSON.stringify(got.body)).not.toContain(PASSWORD);

    const before = smtp.received.length;
    const sent = await call(app, 'POST', '/api/v1/business/smtp/test', w.as.admin, { to: 'boss@shop.test' });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ ok: true, to: 'boss@shop.test', response: expect.stringMatching(/^250/) });
    const mail = (await smtp.waitFor(before + 1))[before]!;
    expect(mail.recipients).toEqual(['boss@shop.test']);
    expect(mail.mail.subject).toBe('Metadesk: test message');
    expect(mail.mail.from?.text).toBe('desk@shop.test');
    expect(mail.mail.text).toContain('the SMTP settings work');
  });

  it('keeps the password when a change leaves it out, forgets it on null, and never writes it to the audit log', async () => {
    const w = await httpWorld(rt.ctx.db);
    await call(app, 'PUT', '/api/v1/business/smtp', w.as.admin, settings());
    const { password: _omit, ...withoutPassword } = settings({ from: 'sales@shop.test' });
    const kept = await call(app, 'PUT', '/api/v1/business/smtp', w.as.admin, withoutPassword);
    expect(kept.body.smtp).toMatchObject({ from: 'sales@shop.test', passwordSet: true });
    // It still logs in: the stored password was kept.
    expect((await call(app, 'POST', '/api/v1/business/smtp/test', w.as.admin, { to: 'boss@shop.test' })).status).toBe(200);

    const audit = (await call(app, 'GET', '/api/v1/audit?action=smtp.update', w.as.admin)).body.entries;
    expect(audit.map((e: { details: unknown }) => e.details)).toEqual([
      { host: '127.0.0.1', port: smtp.port, secure: false, user: 'desk@shop.test', from: 'sales@shop.test' },
      { host: '127.0.0.1', port: smtp.port, secure: false, user: 'desk@shop.test', from: 'desk@shop.test', password: 'changed' },
    ]);
    expect(audit[0]).toMatchObject({ target: { type: 'business', id: w.business.id }, actor: { kind: 'user', id: w.admin.id } });
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);

    const forgot = await call(app, 'PUT', '/api/v1/business/smtp', w.as.admin, settings({ password: null }));
    expect(forgot.body.smtp.passwordSet).toBe(false);
  });

  it("answers the SMTP server's refusal clearly: a wrong password, a server that is not there (502)", async () => {
    const w = await httpWorld(rt.ctx.db);
    await call(app, 'PUT', '/api/v1/business/smtp', w.as.admin, settings({ password: 'wrong-pass-1' }));
    const before = smtp.received.length;
    const refused = await call(app, 'POST', '/api/v1/business/smtp/test', w.as.admin, { to: 'boss@shop.test' });
    expect(refused.status).toBe(502);
    expect(refused.body.error).toMatchObject({
      code: 'upstream_failed',
      message: expect.stringMatching(new RegExp(`^The SMTP server 127\\.0\\.0\\.1:${smtp.port} refused the login: .*535 Authentication credentials invalid`)),
      params: { reply: expect.stringContaining('535 Authentication credentials invalid'), server: `127.0.0.1:${smtp.port}` },
    });
    expect(JSON.stringify(refused.body)).not.toContain('wrong-pass-1');
    expect(smtp.received.length).toBe(before);

    // Nothing listens on this port (the test server's, closed).
    const gone = await startSmtpServer({ user: 'x', password: 'y' });
    const port = gone.port;
    await gone.close();
    await call(app, 'PUT', '/api/v1/business/smtp', w.as.admin, settings({ port }));
    const unreachable = await call(app, 'POST', '/api/v1/business/smtp/test', w.as.admin, { to: 'boss@shop.test' });
    expect(unreachable.status).toBe(502);
    expect(unreachable.body.error.message).toMatch(new RegExp(`^Could not reach the SMTP server 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
  });

  it('validates what is sent and names the field', async () => {
    const w = await httpWorld(rt.ctx.db);
    const bad = async (body: unknown, path: string) => {
      const r = await call(app, 'PUT', '/api/v1/business/smtp', w.as.admin, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.details.map((d: { path: string }) => d.path).join(' ')).toContain(path);
    };
    await bad(settings({ host: 'smtp://mail.shop.test' }), 'host');
    await bad(settings({ host: '' }), 'host');
    await bad(settings({ port: 0 }), 'port');
    await bad(settings({ from: 'not an address' }), 'from');
    await bad(settings({ password: '' }), 'password');
    await bad({ ...settings(), extra: 1 }, '');
    const to = await call(app, 'POST', '/api/v1/business/smtp/test', w.as.admin, { to: 'nobody' });
    expect(to.status).toBe(400);
    expect(to.body.error.details[0].message).toBe('Enter an e-mail address, e.g. name@example.com');
  });

  it('is for administrators, and each business has its own', async () => {
    const w = await httpWorld(rt.ctx.db);
    await call(app, 'PUT', '/api/v1/business/smtp', w.as.admin, settings());
    expect((await call(app, 'GET', '/api/v1/business/smtp', w.as.olga)).status).toBe(403);
    const viewer = await signedInWith(rt.ctx.db, w.business.id, ['viewer']);
    expect((await call(app, 'PUT', '/api/v1/business/smtp', viewer, settings())).status).toBe(403);
    expect((await call(app, 'POST', '/api/v1/business/smtp/test', w.as.olga, { to: 'a@b.test' })).status).toBe(403);
    const stranger = await strangerWorld(rt.ctx.db);
    expect((await call(app, 'GET', '/api/v1/business/smtp', stranger.headers)).body).toEqual({ smtp: null });
    expect((await call(app, 'POST', '/api/v1/business/smtp/test', stranger.headers, { to: 'a@b.test' })).status).toBe(409);
  });
});

// Without SMTP_ALLOW_PRIVATE (the default), a business cannot point the server at its own network.
describe.each(await dialects())('the SMTP address guard on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));

  it('refuses a loopback or private SMTP server on save, beside the host, and on sending', async () => {
    const w = await httpWorld(rt.ctx.db);
    const body = { host: '127.0.0.1', port: 25, secure: false, user: null, from: 'desk@shop.test' };
    for (const host of ['127.0.0.1', '10.1.2.3', 'localhost', '[::1]']) {
      const r = await call(app, 'PUT', '/api/v1/business/smtp', w.as.admin, { ...body, host });
      expect(r.status, host).toBe(400);
      expect(r.body.error.details).toEqual([
        { path: 'host', message: expect.stringMatching(/a loopback\/private\/link-local address \(set SMTP_ALLOW_PRIVATE=true to allow\)$/) },
      ]);
      expect(r.body.error.params).toEqual({ reason: 'private_address' });
    }
    expect((await call(app, 'GET', '/api/v1/business/smtp', w.as.admin)).body.smtp).toBeNull();
    // A public address is saved (never contacted here: 192.0.2.1 is for documentation).
    expect((await call(app, 'PUT', '/api/v1/business/smtp', w.as.admin, { ...body, host: '192.0.2.1' })).status).toBe(200);
    // A row that points at loopback anyway (saved before, or by hand) is refused as it is sent.
    await rt.ctx.db.updateTable('smtp_settings').set({ host: '127.0.0.1' }).where('business_id', '=', w.business.id).execute();
    const sent = await call(app, 'POST', '/api/v1/business/smtp/test', w.as.admin, { to: 'boss@shop.test' });
    expect(sent.status).toBe(502);
    expect(sent.body.error.message).toBe(
      'Could not reach the SMTP server 127.0.0.1:25: refused: 127.0.0.1 resolves to 127.0.0.1, a loopback/private/link-local address (set SMTP_ALLOW_PRIVATE=true to allow)',
    );
  });
});
