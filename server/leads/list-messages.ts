import type { Actor } from '../shared/actor';
import { canViewLeads } from './leads.policy';
import type { Message } from '../../contracts/inbox';
import { forbidden, notFound } from '../errors';
import type { Executor } from '../storage/db';
import { findLead } from './leads.repo';
import { listMessages } from './messages.repo';
import { presentStored } from './present-stored';

/** A page of a lead's history with operators' names, oldest first. */
export async function listLeadMessages(
  db: Executor,
  { actor, leadId, query: q }: { actor: Actor; leadId: number; query: { before?: number | undefined; limit: number } },
): Promise<{ messages: Message[]; hasMore: boolean }> {
  if (!canViewLeads(actor)) throw forbidden('The contact center is for operators, administrators and viewers');
  const lead = await findLead(db, actor.businessId, leadId);
  if (!lead) throw notFound('Lead');
  const page = await listMessages(db, lead.id, { before: q.before, limit: q.limit });
  return { messages: await presentStored(db, page.messages), hasMore: page.hasMore };
}
