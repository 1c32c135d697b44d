import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dialects, type TestRuntime } from '../../test/harness';
import type { App } from '../http/app-type';
import { send, signInOverHttp } from './accounts.test-support';
import { runOwnerCreate } from './owner-command';

describe.each(await dialects())('cli owner:create on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));

  const run = async (args: string[], env: Record<string, string> = {}) => {
    const lines: string[] = [];
    const r = await runOwnerCreate(rt.ctx, args, env, (l) => lines.push(l));
    return { ...r, out: lines.join('\n') };
  };

  it('creates the business and owner, generating and printing a password once when none is given', async () => {
    const r = await run(['--business', 'Acme', '--email', 'Boss@Example.test', '--name', 'Boss']);
    expect(r.out).toMatch(/Created business #\d+ "Acme"/);
    expect(r.out).toMatch(/Created owner #\d+ boss@example.test \(Boss\) with roles admin, operator/);
    const password = /Generated password.*: (\S+)$/m.exec(r.out)?.[1];
    expect(password).toBeDefined();
    const signed = await signInOverHttp(app, 'boss@example.test', password ?? '');
    expect(signed.reply.body.user).toMatchObject({ businessId: r.businessId, businessName: 'Acme', roles: ['admin', 'operator'] });
    expect((await send(app, 'GET', '/api/v1/setup')).body).toEqual({ needsOwner: false });
  });

  it('takes the password from --password or METADESK_OWNER_PASSWORD and never prints it; adds another business', async () => {
    const a = await run(['--business', 'Two', '--email', 'two@example.test', '--name', 'Two', '--password', 'flag-password']);
    expect(a.out).toMatch(/from --password/);
    expect(a.out).not.toContain('flag-password');
    const b = await run(['--business', 'Three', '--email', 'three@example.test', '--name', 'Three'], { METADESK_OWNER_PASSWORD: 'env-password' });
    expect(b.out).toMatch(/from METADESK_OWNER_PASSWORD/);
    expect(b.out).not.toContain('env-password');
    expect(b.businessId).not.toBe(a.businessId);
    await signInOverHttp(app, 'two@example.test', 'flag-password');
    await signInOverHttp(app, 'three@example.test', 'env-password');
  });

  it('fails naming the flag on bad input, and on a taken e-mail', async () => {
    await expect(run(['--business', 'X', '--name', 'X', '--password', 'long-enough'])).rejects.toThrow(/--email/);
    await expect(run(['--business', 'X', '--email', 'x@example.test', '--name', 'X', '--password', 'short'])).rejects.toThrow(/--password/);
    await expect(run(['--email', 'x@example.test', '--name', 'X', '--password', 'long-enough'])).rejects.toThrow(/--business/);
    await expect(run(['--business', 'X', '--email', 'x@example.test', '--name', 'X', '--bogus', '1'])).rejects.toThrow(/bogus/);
    await expect(run(['--business', 'Dup', '--email', 'TWO@example.test', '--name', 'Dup', '--password', 'long-enough'])).rejects.toThrow(/already exists/);
    const dup = await rt.ctx.db.selectFrom('businesses').select('id').where('name', '=', 'Dup').execute();
    expect(dup).toEqual([]);
  });
});
