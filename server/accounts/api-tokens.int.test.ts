import { describe, expect, it } from 'vitest';
import { buildApiToken } from '../../test/factories';
import { useTestApp } from '../../test/app';
import { dialects, type TestRuntime } from '../../test/harness';
import type { App } from '../http/app-type';
import { send, buildTenant } from './accounts.test-support';
import { hashSecret } from './secrets';

describe.each(await dialects())('API tokens API on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));

  const tenant = () => buildTenant(rt.ctx.db);

  it('issues a token whose secret is shown once, works as Bearer, and is listed without secrets', async () => {
    const w = await tenant();
    const r = await send(app, 'POST', '/api/v1/tokens', { headers: w.as.admin, payload: { name: 'CRM sync', roles: ['admin'] } });
    expect(r.status).toBe(201);
    expect(r.body.token).toEqual({
      id: expect.any(Number),
      name: 'CRM sync',
      roles: ['admin'],
      createdAt: expect.any(Number),
      lastUsedAt: null,
      revokedAt: null,
    });
    const secret = r.body.secret as string;
    expect(secret.length).toBeGreaterThanOrEqual(40);
    const bearer = { authorization: `Bearer ${secret}` };
    expect((await send(app, 'GET', '/api/v1/users', { headers: bearer })).status).toBe(200);
    const list = await send(app, 'GET', '/api/v1/tokens', { headers: bearer });
    expect(list.body.tokens.map((t: { name: string }) => t.name)).toEqual(['test', 'CRM sync']);
    expect(list.raw).not.toContain(secret);
    expect(list.raw).not.toContain(hashSecret(secret));
    const stored = await rt.ctx.db.selectFrom('api_tokens').select('token_hash').where('id', '=', r.body.token.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(hashSecret(secret));
  });

  it('revoking takes effect at once, is idempotent, and the token stays listed as revoked', async () => {
    const w = await tenant();
    const created = await send(app, 'POST', '/api/v1/tokens', { headers: w.as.admin, payload: { name: 'temp', roles: ['admin'] } });
    const bearer = { authorization: `Bearer ${created.body.secret}` };
    expect((await send(app, 'GET', '/api/v1/tokens', { headers: bearer })).status).toBe(200); // now cached
    const del = await send(app, 'DELETE', `/api/v1/tokens/${created.body.token.id}`, { headers: w.as.admin });
    expect([del.status, del.body]).toEqual([200, { ok: true }]);
    const after = await send(app, 'GET', '/api/v1/tokens', { headers: bearer });
    expect([after.status, after.body.error.code]).toEqual([401, 'unauthenticated']);
    expect((await send(app, 'DELETE', `/api/v1/tokens/${created.body.token.id}`, { headers: w.as.admin })).status).toBe(200);
    const list = await send(app, 'GET', '/api/v1/tokens', { headers: w.as.admin });
    expect(list.body.tokens.find((t: { id: number }) => t.id === created.body.token.id).revokedAt).toEqual(expect.any(Number));
  });

  it('rejects bad bodies naming the field, non-admins and anonymous callers', async () => {
    const w = await tenant();
    const cases: [unknown, RegExp][] = [
      [{ roles: ['admin'] }, /body\.name/],
      [{ name: 'x', roles: [] }, /body\.roles/],
      [{ name: 'x', roles: ['root'] }, /body\.roles/],
      [{ name: 'x'.repeat(101), roles: ['admin'] }, /body\.name/],
      [{ name: 'x', roles: ['admin'], secret: 'mine' }, /secret/],
    ];
    for (const [payload, field] of cases) {
      const r = await send(app, 'POST', '/api/v1/tokens', { headers: w.as.admin, payload });
      expect(r.status, JSON.stringify(payload)).toBe(400);
      expect(r.body.error.message).toMatch(field);
    }
    const operatorToken = await buildApiToken(rt.ctx.db, { businessId: w.b.id, roles: ['operator'] });
    for (const [method, url, payload] of [
      ['GET', '/api/v1/tokens', undefined],
      ['POST', '/api/v1/tokens', { name: 'x', roles: ['admin'] }],
      ['DELETE', `/api/v1/tokens/${w.tokenRow.id}`, undefined],
    ] as const) {
      expect((await send(app, method, url, { headers: w.as.op, payload })).status).toBe(403);
      expect((await send(app, method, url, { headers: { authorization: `Bearer ${operatorToken.secret}` }, payload })).status).toBe(403);
      expect((await send(app, method, url, { payload })).status).toBe(401);
    }
    expect((await send(app, 'GET', '/api/v1/tokens', { headers: { authorization: 'Bearer not-a-token' } })).status).toBe(401);
  });

  it("another business's admin or token sees none of these tokens and gets 404 revoking them", async () => {
    const mine = await tenant();
    const theirs = await tenant();
    for (const headers of [mine.as.admin, mine.as.token]) {
      const list = await send(app, 'GET', '/api/v1/tokens', { headers });
      expect(list.body.tokens.map((t: { id: number }) => t.id)).toEqual([mine.tokenRow.id]);
      const del = await send(app, 'DELETE', `/api/v1/tokens/${theirs.tokenRow.id}`, { headers });
      expect([del.status, del.body.error.code]).toEqual([404, 'not_found']);
    }
    expect((await send(app, 'GET', '/api/v1/tokens', { headers: theirs.as.token })).status).toBe(200);
  });
});
