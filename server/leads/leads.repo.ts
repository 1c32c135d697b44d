import type { Executor } from '../storage/db';
import { supportsRowLocks } from '../storage/locks';
import { prepared } from '../storage/prepared';
import type { Lead, LeadUpdate } from '../storage/schema';

/** A lead of this business, or undefined (another business's id reads as missing). */
export function findLead(db: Executor, businessId: number, leadId: number): Promise<Lead | undefined> {
  return db.selectFrom('leads').selectAll().where('id', '=', leadId).where('business_id', '=', businessId).executeTakeFirst();
}

/** A lead by id, for code that already holds it by id from a row of this business (a job, an event). */
export function getLead(db: Executor, leadId: number): Promise<Lead> {
  return db.selectFrom('leads').selectAll().where('id', '=', leadId).executeTakeFirstOrThrow();
}

/** A lead by id, or undefined (for a job whose lead may have been deleted). */
export function findLeadById(db: Executor, leadId: number): Promise<Lead | undefined> {
  return db.selectFrom('leads').selectAll().where('id', '=', leadId).executeTakeFirst();
}

/** Where the lead's conversation stands: with whom, and its current dialog. */
export function findLeadState(db: Executor, leadId: number): Promise<Pick<Lead, 'state' | 'current_dialog_id'> | undefined> {
  return db.selectFrom('leads').select(['state', 'current_dialog_id']).where('id', '=', leadId).executeTakeFirst();
}

/** The lead of a channel by messenger id, locked for this transaction where the dialect has row locks. */
export async function findLeadByMessengerIdForUpdate(tx: Executor, channelId: number, messengerId: string): Promise<Lead | undefined> {
  return (await leadByMessengerId(tx, { channelId, messengerId })).rows[0];
}

// Every incoming message starts here (prepared: see storage/prepared.ts).
const leadByMessengerId = prepared(['channelId', 'messengerId'], (db, p) => {
  const q = db.selectFrom('leads').selectAll().where('channel_id', '=', p.channelId).where('messenger_id', '=', p.messengerId);
  return supportsRowLocks(db) ? q.forUpdate() : q;
});

/** Inserts the lead unless (channel, messenger id) exists (a concurrent first message); tells whether it was created. */
export async function insertLeadIfNew(
  tx: Executor,
  lead: { businessId: number; botId: number; channelId: number; messengerId: string; name: string; language: string | null; now: number },
): Promise<{ lead: Lead; created: boolean }> {
  const inserted = await tx
    .insertInto('leads')
    .values({
      business_id: lead.businessId,
      bot_id: lead.botId,
      channel_id: lead.channelId,
      messenger_id: lead.messengerId,
      name: lead.name,
      language: lead.language,
      state: 'bot',
      unread_count: 0,
      is_forwarded: 0,
      created_at: lead.now,
      last_activity_at: lead.now,
    })
    .onConflict((oc) => oc.columns(['channel_id', 'messenger_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { lead: inserted, created: true };
  const existing = await findLeadByMessengerIdForUpdate(tx, lead.channelId, lead.messengerId);
  if (!existing) throw new Error('lead vanished between insert and select');
  return { lead: existing, created: false };
}

/** What a lead's or the bot's message changes on the lead (every column set, so the query is prepared once). */
export interface LeadMessageUpdate {
  state: Lead['state'];
  unread_count: number;
  last_message_at: number;
  last_message_preview: string;
  last_message_author: NonNullable<Lead['last_message_author']>;
  last_activity_at: number;
  name: string;
  language: string | null;
}

export async function recordMessageOnLead(tx: Executor, leadId: number, u: LeadMessageUpdate): Promise<Lead> {
  const [lead] = (await leadMessageUpdate(tx, { leadId, ...u })).rows;
  if (!lead) throw new Error(`lead ${leadId} vanished inside its own transaction`);
  return lead;
}

const leadMessageUpdate = prepared(
  ['leadId', 'state', 'unread_count', 'last_message_at', 'last_message_preview', 'last_message_author', 'last_activity_at', 'name', 'language'],
  (db, p) =>
    db
      .updateTable('leads')
      .set({
        state: p.state,
        unread_count: p.unread_count,
        last_message_at: p.last_message_at,
        last_message_preview: p.last_message_preview,
        last_message_author: p.last_message_author,
        last_activity_at: p.last_activity_at,
        name: p.name,
        language: p.language,
      })
      .where('id', '=', p.leadId)
      .returningAll(),
);

export async function updateLead(tx: Executor, leadId: number, patch: LeadUpdate): Promise<Lead> {
  return tx.updateTable('leads').set(patch).where('id', '=', leadId).returningAll().executeTakeFirstOrThrow();
}

export async function getAttributes(db: Executor, leadId: number): Promise<Record<string, string>> {
  const rows = await db.selectFrom('lead_attributes').select(['name', 'value']).where('lead_id', '=', leadId).orderBy('name').execute();
  return Object.fromEntries(rows.map((r) => [r.name, r.value]));
}

export async function setAttributes(tx: Executor, leadId: number, attrs: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(attrs)) {
    await tx
      .insertInto('lead_attributes')
      .values({ lead_id: leadId, name, value })
      .onConflict((oc) => oc.columns(['lead_id', 'name']).doUpdateSet({ value }))
      .execute();
  }
}

export async function deleteAttributes(tx: Executor, leadId: number, names: string[]): Promise<void> {
  if (names.length) await tx.deleteFrom('lead_attributes').where('lead_id', '=', leadId).where('name', 'in', names).execute();
}

export async function getTags(db: Executor, leadId: number): Promise<string[]> {
  const rows = await db.selectFrom('lead_tags').select('tag').where('lead_id', '=', leadId).orderBy('tag').execute();
  return rows.map((r) => r.tag);
}

export async function addTags(tx: Executor, leadId: number, tags: string[]): Promise<void> {
  for (const tag of tags) {
    await tx
      .insertInto('lead_tags')
      .values({ lead_id: leadId, tag })
      .onConflict((oc) => oc.columns(['lead_id', 'tag']).doNothing())
      .execute();
  }
}

export async function removeTags(tx: Executor, leadId: number, tags: string[]): Promise<void> {
  if (tags.length) await tx.deleteFrom('lead_tags').where('lead_id', '=', leadId).where('tag', 'in', tags).execute();
}

/** A lead of a channel by its messenger id, without locking (reads outside a transaction: a widget visitor's history). */
export function findLeadOfMessenger(db: Executor, channelId: number, messengerId: string): Promise<Lead | undefined> {
  return db.selectFrom('leads').selectAll().where('channel_id', '=', channelId).where('messenger_id', '=', messengerId).executeTakeFirst();
}
