import type { Executor } from '../storage/db';
import { prepared } from '../storage/prepared';
import type { Channel } from '../storage/schema';

/** Channels of a business (optionally of one bot), oldest first. */
export function listChannelsOfBusiness(db: Executor, businessId: number, botId?: number): Promise<Channel[]> {
  // The bots screen's test console channels are no messengers: never listed.
  let q = db.selectFrom('channels').selectAll().where('business_id', '=', businessId).where('kind', '!=', 'console');
  if (botId !== undefined) q = q.where('bot_id', '=', botId);
  return q.orderBy('id').execute();
}

// Every inbound message looks its channel up (prepared: see storage/prepared.ts).
const inboundChannel = prepared(['id', 'businessId'], (db, p) =>
  db.selectFrom('channels').select(['id', 'business_id', 'bot_id', 'kind']).where('id', '=', p.id).where('business_id', '=', p.businessId),
);

/** What the way in needs of a channel of this business: its bot and kind; undefined for another business's id. */
export async function findInboundChannel(db: Executor, businessId: number, channelId: number) {
  return (await inboundChannel(db, { id: channelId, businessId })).rows[0];
}

/** A channel of this business; another business's id (or a bots screen's hidden console channel) reads as unknown. */
export function findChannel(db: Executor, businessId: number, channelId: number): Promise<Channel | undefined> {
  return db
    .selectFrom('channels')
    .selectAll()
    .where('id', '=', channelId)
    .where('business_id', '=', businessId)
    .where('kind', '!=', 'console')
    .executeTakeFirst();
}

/** A widget channel by its public key (the snippet's data-key). */
export function findWidgetChannel(db: Executor, key: string): Promise<Channel | undefined> {
  return db.selectFrom('channels').selectAll().where('public_key', '=', key).where('kind', '=', 'widget').executeTakeFirst();
}

/** A channel by id alone: only for ways in that prove themselves otherwise (Telegram's webhook secret). */
export function findChannelById(db: Executor, channelId: number): Promise<Channel | undefined> {
  return db.selectFrom('channels').selectAll().where('id', '=', channelId).executeTakeFirst();
}

export function insertChannel(
  db: Executor,
  c: {
    businessId: number;
    botId: number;
    kind: Channel['kind'];
    name: string;
    webhookUrl: string | null;
    webhookSecret: string;
    config?: string;
    credentials?: string | null;
    publicKey?: string | null;
    createdAt: number;
  },
): Promise<Channel> {
  return db
    .insertInto('channels')
    .values({
      business_id: c.businessId,
      bot_id: c.botId,
      kind: c.kind,
      name: c.name,
      webhook_url: c.webhookUrl,
      webhook_secret: c.webhookSecret,
      config: c.config ?? '{}',
      credentials: c.credentials ?? null,
      public_key: c.publicKey ?? null,
      created_at: c.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface ChannelChanges {
  name?: string;
  webhookUrl?: string | null;
  webhookSecret?: string;
  config?: string;
  credentials?: string;
}

/** Removes a channel that could not be connected (nothing refers to it yet). */
export async function deleteChannel(db: Executor, channelId: number): Promise<void> {
  await db.deleteFrom('channels').where('id', '=', channelId).execute();
}

/** Changes a channel of this business; undefined when there is no such channel there. */
export function updateChannelOfBusiness(db: Executor, businessId: number, channelId: number, c: ChannelChanges): Promise<Channel | undefined> {
  const set = {
    ...(c.name !== undefined ? { name: c.name } : {}),
    ...(c.webhookUrl !== undefined ? { webhook_url: c.webhookUrl } : {}),
    ...(c.webhookSecret !== undefined ? { webhook_secret: c.webhookSecret } : {}),
    ...(c.config !== undefined ? { config: c.config } : {}),
    ...(c.credentials !== undefined ? { credentials: c.credentials } : {}),
  };
  if (Object.keys(set).length === 0) return findChannel(db, businessId, channelId);
  return db.updateTable('channels').set(set).where('id', '=', channelId).where('business_id', '=', businessId).returningAll().executeTakeFirst();
}

/** The public key of a business's first widget channel, or null. */
export async function widgetKeyOfBusiness(db: Executor, businessId: number): Promise<string | null> {
  const r = await db
    .selectFrom('channels')
    .select('public_key')
    .where('business_id', '=', businessId)
    .where('kind', '=', 'widget')
    .orderBy('id')
    .executeTakeFirst();
  return r?.public_key ?? null;
}
