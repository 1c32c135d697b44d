import { badInput, conflict } from '../errors';
import type { Executor } from '../storage/db';
import type { AttachmentRow } from '../storage/schema';
import { findAttachments, linkToMessageIfFree } from './attachments.repo';

/**
 * The attachments a message is about to carry, checked before anything is written: each id must be
 * a file uploaded for this lead (of this business) and not sent yet. In the order given, without repeats.
 */
export async function attachableFor(tx: Executor, o: { businessId: number; leadId: number; ids: number[] }): Promise<AttachmentRow[]> {
  const ids = [...new Set(o.ids)];
  const found = new Map((await findAttachments(tx, o.businessId, ids)).map((a) => [a.id, a]));
  return ids.map((id) => {
    const a = found.get(id);
    if (!a || a.lead_id !== o.leadId) throw badInput('body.attachmentIds', `attachment ${id} is not a file uploaded for this lead`);
    if (a.message_id !== null) throw conflict(`Attachment ${id} was already sent with another message`);
    return a;
  });
}

/**
 * Links checked attachments to the new message in the caller's transaction. A compare-and-set: if
 * another message took one of them since the check, this throws and the whole message rolls back.
 */
export async function linkAttachments(tx: Executor, rows: AttachmentRow[], o: { leadId: number; messageId: number }): Promise<AttachmentRow[]> {
  if (rows.length === 0) return [];
  const linked = await linkToMessageIfFree(tx, { leadId: o.leadId, ids: rows.map((r) => r.id), messageId: o.messageId });
  if (linked !== rows.length) throw conflict('One of the attachments was just sent with another message');
  return rows.map((r) => ({ ...r, message_id: o.messageId }));
}
