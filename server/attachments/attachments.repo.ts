import type { Insertable } from 'kysely';
import type { Executor } from '../storage/db';
import type { AttachmentRow, AttachmentsTable } from '../storage/schema';

export function insertAttachment(db: Executor, a: Insertable<AttachmentsTable>): Promise<AttachmentRow> {
  return db.insertInto('attachments').values(a).returningAll().executeTakeFirstOrThrow();
}

/** An attachment of the business; another business's id reads as not there. */
export function findAttachment(db: Executor, businessId: number, id: number): Promise<AttachmentRow | undefined> {
  return db.selectFrom('attachments').selectAll().where('id', '=', id).where('business_id', '=', businessId).executeTakeFirst();
}

/** By id alone: for signed links, where the signature (not a session) says who may read it. */
export function findAttachmentById(db: Executor, id: number): Promise<AttachmentRow | undefined> {
  return db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** These ids among the business's attachments (any lead, linked or not), for the sender's checks. */
export function findAttachments(db: Executor, businessId: number, ids: number[]): Promise<AttachmentRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('attachments').selectAll().where('business_id', '=', businessId).where('id', 'in', ids).orderBy('id').execute();
}

/**
 * Compare-and-set: links the lead's not-yet-sent attachments to the message. Returns how many rows
 * it linked; fewer than asked means another message took one meanwhile.
 */
export async function linkToMessageIfFree(tx: Executor, o: { leadId: number; ids: number[]; messageId: number }): Promise<number> {
  const r = await tx
    .updateTable('attachments')
    .set({ message_id: o.messageId })
    .where('id', 'in', o.ids)
    .where('lead_id', '=', o.leadId)
    .where('message_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The attachments of these messages in one query, by message id (in upload order). */
export async function attachmentsOfMessages(db: Executor, messageIds: number[]): Promise<Map<number, AttachmentRow[]>> {
  const byMessage = new Map<number, AttachmentRow[]>();
  if (messageIds.length === 0) return byMessage;
  const rows = await db
    .selectFrom('attachments')
    .selectAll()
    .where('message_id', 'in', [...new Set(messageIds)])
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const list = byMessage.get(r.message_id!) ?? [];
    list.push(r);
    byMessage.set(r.message_id!, list);
  }
  return byMessage;
}
