import { isUniqueViolation } from '../storage/unique-violation';
import type { Executor } from '../storage/db';
import type { QuickReply } from '../storage/schema';

// UTF-8 byte order is code point order, the same on every machine; database collations are not
// (PostgreSQL's depend on its locale and may ignore "-" and "_").
const byShortcut = (a: QuickReply, b: QuickReply) => Buffer.compare(Buffer.from(a.shortcut), Buffer.from(b.shortcut));

/** The business's quick replies, by shortcut. */
export async function listQuickRepliesOfBusiness(db: Executor, businessId: number): Promise<QuickReply[]> {
  const rows = await db.selectFrom('quick_replies').selectAll().where('business_id', '=', businessId).execute();
  return rows.sort(byShortcut);
}

/** Inserts a quick reply; null when the business already has one with this shortcut. */
export async function insertQuickReplyUnlessShortcutTaken(
  db: Executor,
  q: { businessId: number; shortcut: string; text: string; now: number },
): Promise<QuickReply | null> {
  const row = await db
    .insertInto('quick_replies')
    .values({ business_id: q.businessId, shortcut: q.shortcut, text: q.text, created_at: q.now, updated_at: q.now })
    .onConflict((oc) => oc.columns(['business_id', 'shortcut']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Changes a quick reply of the business: the stored row, 'taken' when the new shortcut is another
 * reply's, 'missing' when the business has no such reply. After 'taken' the transaction is spoilt
 * on PostgreSQL: the caller fails it.
 */
export async function updateQuickReplyUnlessShortcutTaken(
  db: Executor,
  businessId: number,
  id: number,
  c: { shortcut?: string | undefined; text?: string | undefined; now: number },
): Promise<QuickReply | 'taken' | 'missing'> {
  const set = { ...(c.shortcut !== undefined && { shortcut: c.shortcut }), ...(c.text !== undefined && { text: c.text }), updated_at: c.now };
  try {
    const row = await db.updateTable('quick_replies').set(set).where('id', '=', id).where('business_id', '=', businessId).returningAll().executeTakeFirst();
    return row ?? 'missing';
  } catch (err) {
    if (isUniqueViolation(err)) return 'taken';
    throw err;
  }
}

/** Deletes a quick reply of the business; false when it has no such reply. */
export async function deleteQuickReplyOfBusiness(db: Executor, businessId: number, id: number): Promise<boolean> {
  const r = await db.deleteFrom('quick_replies').where('id', '=', id).where('business_id', '=', businessId).executeTakeFirst();
  return r.numDeletedRows > 0n;
}
