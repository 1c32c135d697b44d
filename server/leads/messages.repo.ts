import { z } from 'zod';
import type { MessageAuthor } from '../../contracts/inbox';
import { BotPayload, SystemLine } from '../../contracts/message-payloads';
import type { Executor } from '../storage/db';
import { parseColumn } from '../storage/json-column';
import { prepared } from '../storage/prepared';
import type { Message } from '../storage/schema';

/** messages.payload by author: a system line, a bot's buttons or media, or what a lead's message brought (free-form, as the API channel takes it). */
const PAYLOAD_OF: Record<MessageAuthor, z.ZodType<Record<string, unknown>>> = {
  lead: z.record(z.string(), z.unknown()),
  operator: z.record(z.string(), z.unknown()),
  bot: BotPayload,
  system: SystemLine,
};

/** A stored message's payload, checked against its author's shape (null: none); a corrupt one throws, naming the message. */
export function messagePayload(m: Pick<Message, 'id' | 'author' | 'payload'>): Record<string, unknown> | null {
  return m.payload === null ? null : parseColumn(PAYLOAD_OF[m.author], m.payload, `messages.payload of message ${m.id}`);
}

/** A message to store; `internal` is left to its default (a real message) except by insertNoteOnce. */
export type NewMessage = Omit<Message, 'id' | 'internal'>;

const COLUMNS = ['business_id', 'lead_id', 'dialog_id', 'author', 'author_user_id', 'text', 'payload', 'client_message_id', 'delivery', 'created_at'] as const;

// Every message in or out is stored here (prepared: see storage/prepared.ts).
const insertUnlessRepeat = prepared(COLUMNS, (db, p) =>
  db
    .insertInto('messages')
    .values(p)
    .onConflict((oc) => oc.columns(['lead_id', 'client_message_id']).doNothing())
    .returningAll(),
);

/**
 * Stores a message; with a client message id already used for this lead, stores nothing and
 * returns the first one (duplicate = true), so a retried request never doubles a message.
 */
export async function insertMessageOnce(tx: Executor, m: NewMessage): Promise<{ message: Message; duplicate: boolean }> {
  const [inserted] = (await insertUnlessRepeat(tx, m)).rows;
  if (inserted) return { message: inserted, duplicate: false };
  return { message: await firstWithClientId(tx, m), duplicate: true };
}

/**
 * Stores an internal note, once per client message id like insertMessageOnce. On a repeat the first
 * row is returned as it is: the caller checks it is a note (the id may have been used by a message).
 */
export async function insertNoteOnce(tx: Executor, m: NewMessage): Promise<{ message: Message; duplicate: boolean }> {
  const inserted = await tx
    .insertInto('messages')
    .values({ ...m, internal: 1 })
    .onConflict((oc) => oc.columns(['lead_id', 'client_message_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { message: inserted, duplicate: false };
  return { message: await firstWithClientId(tx, m), duplicate: true };
}

function firstWithClientId(tx: Executor, m: NewMessage): Promise<Message> {
  return tx
    .selectFrom('messages')
    .selectAll()
    .where('lead_id', '=', m.lead_id)
    .where('client_message_id', '=', m.client_message_id ?? null)
    .executeTakeFirstOrThrow();
}

/** A page of a lead's history, newest `limit` before `before`, returned oldest first. */
export async function listMessages(db: Executor, leadId: number, o: { before?: number; limit: number }): Promise<{ messages: Message[]; hasMore: boolean }> {
  let q = db.selectFrom('messages').selectAll().where('lead_id', '=', leadId);
  if (o.before) q = q.where('id', '<', o.before);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(o.limit + 1)
    .execute();
  const hasMore = rows.length > o.limit;
  return { messages: rows.slice(0, o.limit).reverse(), hasMore };
}

export function findMessage(db: Executor, businessId: number, messageId: number): Promise<Message | undefined> {
  return db.selectFrom('messages').selectAll().where('id', '=', messageId).where('business_id', '=', businessId).executeTakeFirst();
}

export async function setDelivery(tx: Executor, messageId: number, delivery: Message['delivery']): Promise<Message> {
  return tx.updateTable('messages').set({ delivery }).where('id', '=', messageId).returningAll().executeTakeFirstOrThrow();
}

/** Names of the operators who wrote these messages, by user id. */

/** The lead's message with this client message id, if one was stored (a retried request finds its first). */
export function findByClientMessageId(db: Executor, leadId: number, clientMessageId: string): Promise<Message | undefined> {
  return db.selectFrom('messages').selectAll().where('lead_id', '=', leadId).where('client_message_id', '=', clientMessageId).executeTakeFirst();
}

/** Stores a message that has no client message id (the bot's, a system line): never a repeat. */
export function insertMessage(tx: Executor, m: Omit<NewMessage, 'client_message_id'>): Promise<Message> {
  return tx
    .insertInto('messages')
    .values({ ...m, client_message_id: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The text of a lead's message by id (what a bot job answers). */
export async function messageText(db: Executor, messageId: number): Promise<string | undefined> {
  return (await db.selectFrom('messages').select('text').where('id', '=', messageId).executeTakeFirst())?.text;
}

/**
 * A lead's conversation as the lead sees it: its own, the bot's and operators' messages (never
 * internal notes or system lines) after `after`, oldest first.
 */
export async function listConversationAfter(
  db: Executor,
  leadId: number,
  o: { after: number; limit: number },
): Promise<{ messages: Message[]; hasMore: boolean }> {
  const rows = await db
    .selectFrom('messages')
    .selectAll()
    .where('lead_id', '=', leadId)
    .where('id', '>', o.after)
    .where('internal', '=', 0)
    .where('author', 'in', ['lead', 'bot', 'operator'])
    .orderBy('id')
    .limit(o.limit + 1)
    .execute();
  return { messages: rows.slice(0, o.limit), hasMore: rows.length > o.limit };
}
