import type { LeadCard } from '../../contracts/leads';
import type { Actor } from '../shared/actor';
import { canViewLeads } from './leads.policy';
import { forbidden, notFound } from '../errors';
import type { Executor } from '../storage/db';
import { channelName, rowFor } from './inbox-row.repo';
import { findLead, getAttributes, getTags } from './leads.repo';
import { getContexts } from './contexts.repo';
import { leadsOfPerson, personOfLead } from './persons.repo';
import { userNames } from '../accounts/index';

/** The lead card for someone of the contact center (operators, administrators, viewers). */
export async function viewLeadCard(db: Executor, { actor, leadId }: { actor: Actor; leadId: number }): Promise<LeadCard> {
  if (!canViewLeads(actor)) throw forbidden('The contact center is for operators, administrators and viewers');
  return getLeadCard(db, actor.businessId, leadId);
}

/** Everything the information panel shows about a lead. */
export async function getLeadCard(db: Executor, businessId: number, leadId: number): Promise<LeadCard> {
  const lead = await findLead(db, businessId, leadId);
  if (!lead) throw notFound('Lead');
  const [row, attributes, tags, contexts, channel, personId] = await Promise.all([
    rowFor(db, lead),
    getAttributes(db, lead.id),
    getTags(db, lead.id),
    getContexts(db, lead.id),
    channelName(db, lead.channel_id),
    personOfLead(db, lead.id),
  ]);
  const others = personId === null ? [] : await leadsOfPerson(db, { businessId, personId, except: lead.id, limit: 20 });
  const personLeads = await Promise.all(
    others.map(async (o) => ({ id: o.id, name: o.name, channelName: await channelName(db, o.channelId), lastActivityAt: o.lastActivityAt })),
  );
  const ids = row.dialog?.operatorIds ?? [];
  const nameOf = await userNames(db, ids);
  return {
    row,
    messengerId: lead.messenger_id,
    channelName: channel,
    language: lead.language,
    status: lead.status,
    email: lead.email,
    tags,
    contexts,
    personId,
    personLeads,
    attributes,
    operators: ids.map((id) => ({ id, name: nameOf.get(id) ?? '' })),
    createdAt: lead.created_at,
    isForwarded: lead.is_forwarded === 1,
    forwardedAt: lead.forwarded_at,
    unreachable: lead.unreachable_at === null ? null : { at: lead.unreachable_at, reason: lead.unreachable_reason ?? '' },
  };
}
