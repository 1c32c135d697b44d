import type { Actor } from '../shared/actor';
import { canViewLeads } from './leads.policy';
import type { Message } from '../../contracts/inbox';
import { forbidden, notFound } from '../errors';
import { cursorCodec } from '../shared/cursor';
import type { Executor } from '../storage/db';
import { findLead } from './leads.repo';
import { listMessages } from './messages.repo';
import { presentStored } from './present-stored';

/** Pages go back in time: a cursor is the oldest message shown so far. */
const cursor = cursorCodec('messages', ['id']);

/** A page of a lead's history with operators' names, oldest first; the newest page first, each next one older. */
export async function listLeadMessages(
  db: Executor,
  { actor, leadId, query: q }: { actor: Actor; leadId: number; query: { cursor?: string | undefined; limit: number } },
): Promise<{ messages: Message[]; nextCursor: string | null }> {
  if (!canViewLeads(actor)) throw forbidden('The contact center is for operators, administrators and viewers');
  const lead = await findLead(db, actor.businessId, leadId);
  if (!lead) throw notFound('Lead');
  const page = await listMessages(db, lead.id, { before: cursor.read(q.cursor)?.id, limit: q.limit });
  return { messages: await presentStored(db, page.messages), nextCursor: cursor.next(page.messages[0], page.hasMore) };
}
