import type { Actor } from '../accounts/actor';
import { hasRole } from '../accounts/actor';
import type { Message } from '../../contracts/inbox';
import { forbidden, notFound } from '../errors';
import { attachmentsOfMessages } from '../attachments/attachments.repo';
import type { Executor } from '../storage/db';
import { findLead } from './leads.repo';
import { presentMessage } from './leads.presenter';
import { authorNames, listMessages } from './messages.repo';

/** A page of a lead's history with operators' names, oldest first. */
export async function listLeadMessages(db: Executor, actor: Actor, leadId: number, q: { before?: number | undefined; limit: number }): Promise<{ messages: Message[]; hasMore: boolean }> {
  if (!hasRole(actor, 'operator', 'admin', 'viewer')) throw forbidden('The contact center is for operators, administrators and viewers');
  const lead = await findLead(db, actor.businessId, leadId);
  if (!lead) throw notFound('Lead');
  const page = await listMessages(db, lead.id, { before: q.before, limit: q.limit });
  const names = await authorNames(db, page.messages.flatMap((m) => (m.author_user_id ? [m.author_user_id] : [])));
  const files = await attachmentsOfMessages(db, page.messages.map((m) => m.id)); // the whole page in one query
  return {
    messages: page.messages.map((m) => presentMessage(m, m.author_user_id ? (names.get(m.author_user_id) ?? null) : null, files.get(m.id))),
    hasMore: page.hasMore,
  };
}
