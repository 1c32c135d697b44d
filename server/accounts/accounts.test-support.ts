// Helpers shared by the accounts integration tests (not a test file itself).
import { expect } from 'vitest';
import type { EventEnvelope } from '../../contracts/events';
import type { App } from '../http/app-type';
import { listEventsSince } from '../realtime/event-log.repo';
import type { Db } from '../storage/db';
import type { Role } from '../../contracts/roles';
import { buildApiToken, buildBusiness, buildSession, buildUser } from '../../test/factories';
import type { Headers } from '../../test/world';

export type { Headers };
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

let ipSeq = 0;
/** A new client address, so the per-IP login limit of one test never touches another. */
export function freshIp(): string {
  ipSeq++;
  return `10.77.${Math.floor(ipSeq / 250)}.${(ipSeq % 250) + 1}`;
}

/** Fails the test if a response carries a password hash or a stored-secret column. */
export function expectNoSecrets(raw: string): void {
  expect(raw).not.toMatch(/\$argon2/);
  expect(raw).not.toMatch(/password_?hash|token_?hash|passwordHash|tokenHash/i);
}

export interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field
  raw: string;
  setCookie: string | undefined;
  headers: Record<string, string | string[] | number | undefined>;
}

/** One request through app.inject; every response is checked for leaked secrets. */
export async function send(app: App, method: Method, url: string, o: { headers?: Headers; payload?: unknown; ip?: string } = {}): Promise<Reply> {
  const r = await app.inject({
    method,
    url,
    headers: o.headers ?? {},
    remoteAddress: o.ip ?? freshIp(),
    ...(o.payload !== undefined ? { payload: o.payload as object } : {}),
  });
  expectNoSecrets(r.body);
  const sc = r.headers['set-cookie'];
  return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : null, raw: r.body, setCookie: Array.isArray(sc) ? sc[0] : sc, headers: r.headers };
}

/** Signs in over HTTP; returns the headers a browser would send next (cookie + CSRF). */
export async function signInOverHttp(app: App, email: string, password: string): Promise<{ headers: Headers; reply: Reply }> {
  const reply = await send(app, 'POST', '/api/v1/auth/login', { payload: { email, password } });
  if (reply.status !== 200) throw new Error(`login failed: ${reply.status} ${reply.raw}`);
  const token = /md_session=([^;]+)/.exec(reply.setCookie ?? '')?.[1];
  if (!token) throw new Error('login set no md_session cookie');
  return { headers: { cookie: `md_session=${token}`, 'x-csrf-token': reply.body.csrfToken as string }, reply };
}

/** The business's `operator.status` events, oldest first. */
export async function statusEvents(db: Db, businessId: number): Promise<EventEnvelope<'operator.status'>[]> {
  const all = await listEventsSince(db, businessId, 0, 10_000);
  return all.filter((e): e is EventEnvelope<'operator.status'> => e.type === 'operator.status');
}

/** The user's status as stored. */
export async function storedStatus(db: Db, userId: number): Promise<string | undefined> {
  const r = await db.selectFrom('users').select('status').where('id', '=', userId).executeTakeFirst();
  return r?.status;
}

/**
 * A business with an admin, an operator and an admin API token, and the headers to act as each.
 * Options shape the people (users tests need an operator-admin and an online operator).
 */
export async function buildTenant(db: Db, o: { adminRoles?: Role[]; adminName?: string; opName?: string; opStatus?: 'online' | 'offline' } = {}) {
  const b = await buildBusiness(db);
  const admin = await buildUser(db, { businessId: b.id, roles: o.adminRoles ?? ['admin'], ...(o.adminName ? { name: o.adminName } : {}) });
  const op = await buildUser(db, {
    businessId: b.id,
    roles: ['operator'],
    ...(o.opName ? { name: o.opName } : {}),
    ...(o.opStatus ? { status: o.opStatus } : {}),
  });
  const t = await buildApiToken(db, { businessId: b.id, roles: ['admin'] });
  const as: Record<'admin' | 'op' | 'token', Headers> = {
    admin: (await buildSession(db, { userId: admin.id, businessId: b.id })).headers,
    op: (await buildSession(db, { userId: op.id, businessId: b.id })).headers,
    token: { authorization: `Bearer ${t.secret}` },
  };
  return { b, admin, op, as, tokenRow: t.row };
}
