// Factories: build rows straight in the database for tests (use cases are tested on their own).
import { hash } from '@node-rs/argon2';
import type { BusinessSettings } from '../contracts/business';
import { LIMITS } from '../contracts/limits';
import type { Role } from '../contracts/roles';
import { hashSecret, newSecret } from '../server/accounts/secrets';
import type { Db } from '../server/storage/db';

let passwordHashCache: Promise<string> | undefined;
/** Every factory user has the password `password123` (hashed once per process; argon2 is slow on purpose). */
export const FACTORY_PASSWORD = 'password123';
const factoryHash = () => (passwordHashCache ??= hash(FACTORY_PASSWORD));

let n = 0;
const uniq = () => `${process.pid}-${Date.now().toString(36)}-${++n}`;

/** Business settings for benches whose one API token sends thousands of requests a minute: the highest rate limit. */
export const UNLIMITED_TOKENS: Partial<BusinessSettings> = { apiRateLimitPerMinute: LIMITS.apiRatePerMinute.max };

export async function buildBusiness(db: Db, o: { name?: string; settings?: Partial<BusinessSettings> } = {}) {
  return db
    .insertInto('businesses')
    .values({ name: o.name ?? `Business ${uniq()}`, settings: JSON.stringify(o.settings ?? {}), created_at: Date.now() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildUser(
  db: Db,
  o: { businessId: number; roles?: Role[]; name?: string; email?: string; status?: 'online' | 'offline'; maxDialogs?: number },
) {
  return db
    .insertInto('users')
    .values({
      business_id: o.businessId,
      email: o.email ?? `user-${uniq()}@example.test`,
      name: o.name ?? `User ${n}`,
      password_hash: await factoryHash(),
      roles: JSON.stringify(o.roles ?? ['operator']),
      status: o.status ?? 'offline',
      max_dialogs: o.maxDialogs ?? 5,
      disabled: 0,
      created_at: Date.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildDepartment(db: Db, o: { businessId: number; code?: string; name?: string; userIds?: number[] }) {
  const d = await db
    .insertInto('departments')
    .values({ business_id: o.businessId, code: o.code ?? `dep${++n}`, name: o.name ?? 'Department', created_at: Date.now() })
    .returningAll()
    .executeTakeFirstOrThrow();
  for (const u of o.userIds ?? []) await db.insertInto('user_departments').values({ user_id: u, department_id: d.id }).execute();
  return d;
}

export async function buildBot(db: Db, o: { businessId: number; name?: string }) {
  return db
    .insertInto('bots')
    .values({ business_id: o.businessId, name: o.name ?? `Bot ${++n}`, created_at: Date.now() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildChannel(
  db: Db,
  o: { businessId: number; botId: number; kind?: 'api' | 'telegram' | 'widget'; webhookUrl?: string | null; token?: string; updates?: 'webhook' | 'polling' },
) {
  const telegram = o.kind === 'telegram';
  return db
    .insertInto('channels')
    .values({
      business_id: o.businessId,
      bot_id: o.botId,
      kind: o.kind ?? 'api',
      name: `Channel ${++n}`,
      webhook_url: o.webhookUrl ?? null,
      webhook_secret: newSecret(),
      // A Telegram channel as connecting one leaves it (server/channels/telegram/setup.ts).
      config: telegram ? JSON.stringify({ username: `bot${n}_bot`, botUserId: 7000 + n, updates: o.updates ?? 'polling', buttonColumns: 1 }) : '{}',
      credentials: telegram ? JSON.stringify({ token: o.token ?? `${7000 + n}:AAtest-token-${n}-xxxxxxxxxxxxxx` }) : null,
      created_at: Date.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildLead(db: Db, o: { businessId: number; botId: number; channelId: number; name?: string; messengerId?: string; phone?: string }) {
  const now = Date.now();
  return db
    .insertInto('leads')
    .values({
      business_id: o.businessId,
      bot_id: o.botId,
      channel_id: o.channelId,
      messenger_id: o.messengerId ?? `m-${uniq()}`,
      name: o.name ?? `Lead ${n}`,
      language: 'en',
      status: null,
      state: 'bot',
      current_dialog_id: null,
      unread_count: 0,
      last_message_at: null,
      last_message_preview: null,
      last_message_author: null,
      phone: o.phone ?? null,
      email: null,
      is_forwarded: 0,
      forwarded_at: null,
      created_at: now,
      last_activity_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A machine credential; returns the row and the secret to send as `Authorization: Bearer`. */
export async function buildApiToken(db: Db, o: { businessId: number; roles?: Role[] }) {
  const secret = newSecret();
  const row = await db
    .insertInto('api_tokens')
    .values({
      business_id: o.businessId,
      name: 'test',
      token_hash: hashSecret(secret),
      roles: JSON.stringify(o.roles ?? ['admin']),
      created_at: Date.now(),
      last_used_at: null,
      revoked_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { row, secret };
}

/** A business with an admin, two operators, a bot and an API channel: the usual starting point. */
export async function buildWorld(db: Db) {
  const business = await buildBusiness(db);
  const admin = await buildUser(db, { businessId: business.id, roles: ['admin', 'operator'], name: 'Admin' });
  const op1 = await buildUser(db, { businessId: business.id, roles: ['operator'], name: 'Olga', status: 'online' });
  const op2 = await buildUser(db, { businessId: business.id, roles: ['operator'], name: 'Pavel', status: 'online' });
  const bot = await buildBot(db, { businessId: business.id, name: 'Shop bot' });
  const channel = await buildChannel(db, { businessId: business.id, botId: bot.id });
  const token = await buildApiToken(db, { businessId: business.id });
  return { business, admin, op1, op2, bot, channel, token };
}

/** A signed-in browser session for a user: the cookie header to send and the CSRF token to echo. */
export async function buildSession(db: Db, o: { userId: number; businessId: number; ttlMs?: number }) {
  const token = newSecret();
  const csrf = newSecret(16);
  const now = Date.now();
  await db
    .insertInto('sessions')
    .values({
      id: hashSecret(token),
      user_id: o.userId,
      business_id: o.businessId,
      csrf_token: csrf,
      created_at: now,
      expires_at: now + (o.ttlMs ?? 3_600_000),
    })
    .execute();
  return { token, csrf, cookie: `md_session=${token}`, headers: { cookie: `md_session=${token}`, 'x-csrf-token': csrf } };
}

/** A bot script straight in the database (the scripts API validates; tests may build what they need). */
export async function buildScript(
  db: Db,
  o: { businessId: number; botId: number; code: string; commands: unknown[]; entries?: unknown[]; type?: 'standard' | 'fallback' | 'system'; name?: string },
) {
  const now = Date.now();
  return db
    .insertInto('scripts')
    .values({
      business_id: o.businessId,
      bot_id: o.botId,
      code: o.code,
      name: o.name ?? o.code,
      type: o.type ?? 'standard',
      entries: JSON.stringify(o.entries ?? []),
      commands: JSON.stringify(o.commands),
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Points a bot at its start / return / transfer scripts. */
export async function setBotScripts(db: Db, botId: number, s: { start?: string | null; ret?: string | null; transfer?: string | null }) {
  await db
    .updateTable('bots')
    .set({
      ...(s.start !== undefined ? { start_script: s.start } : {}),
      ...(s.ret !== undefined ? { return_script: s.ret } : {}),
      ...(s.transfer !== undefined ? { transfer_script: s.transfer } : {}),
    })
    .where('id', '=', botId)
    .execute();
}
