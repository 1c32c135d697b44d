// An HTTP-level world for integration tests: a business with people, sessions and a channel.
import type { App } from '../server/app';
import type { Db } from '../server/storage/db';
import type { Role } from '../contracts/roles';
import { buildSession, buildUser, buildWorld } from './factories';

export type Headers = Record<string, string>;
/** A parsed JSON answer: tests assert it field by field, so it stays untyped (the one place that says so). */
export type Answer = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function httpWorld(db: Db) {
  const w = await buildWorld(db);
  const [admin, olga, pavel] = await Promise.all([
    buildSession(db, { userId: w.admin.id, businessId: w.business.id }),
    buildSession(db, { userId: w.op1.id, businessId: w.business.id }),
    buildSession(db, { userId: w.op2.id, businessId: w.business.id }),
  ]);
  const bot: Headers = { authorization: `Bearer ${w.token.secret}` };
  return { ...w, as: { admin: admin.headers, olga: olga.headers, pavel: pavel.headers, bot } };
}

/** Session headers of a new user of the business holding exactly these roles. */
export async function signedInWith(db: Db, businessId: number, roles: Role[]): Promise<Headers> {
  const user = await buildUser(db, { businessId, roles });
  return (await buildSession(db, { userId: user.id, businessId })).headers;
}

/** Another business and its administrator's session headers: for "never another business's data" checks. */
export async function strangerWorld(db: Db) {
  const world = await buildWorld(db);
  const { headers } = await buildSession(db, { userId: world.admin.id, businessId: world.business.id });
  return { world, headers };
}

let seq = 0;
/** Posts a lead's message through the API channel, as the external system would. */
export async function leadSays(app: App, w: Awaited<ReturnType<typeof httpWorld>>, messengerId: string, text: string, name?: string) {
  const r = await app.inject({
    method: 'POST',
    url: `/api/v1/channels/${w.channel.id}/inbound`,
    headers: w.as.bot,
    payload: { lead: { messengerId, ...(name ? { name } : {}) }, message: { clientMessageId: `c-${++seq}`, text } },
  });
  if (r.statusCode !== 200) throw new Error(`inbound failed: ${r.statusCode} ${r.body}`);
  return r.json() as { leadId: number; messageId: number; duplicate: boolean; handledBy: 'bot' | 'operators' };
}

/** Sends a request and returns status and parsed body. */
export async function call(app: App, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, headers: Headers, payload?: unknown) {
  const r = await app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  return { status: r.statusCode, body: r.body ? (JSON.parse(r.body) as Answer) : null };
}
