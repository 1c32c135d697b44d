import type { Actor } from '../accounts/actor';
import { hasRole } from '../accounts/actor';
import type { UpdateLeadBody } from '../../contracts/leads';
import { forbidden, notFound } from '../errors';
import { event } from '../realtime/events';
import type { Outcome } from '../realtime/commit';
import type { Tx } from '../storage/db';
import { lockLead } from '../storage/locks';
import type { LeadUpdate } from '../storage/schema';
import { rowFor } from './inbox-row.repo';
import { addTags, deleteAttributes, findLead, removeTags, setAttributes, updateLead } from './leads.repo';
import { getLeadCard } from './lead-card';
import type { LeadCard } from '../../contracts/leads';

/** Edits a lead from its page: name, status, language, attributes and tags. */
export async function editLead(tx: Tx, input: { actor: Actor; leadId: number; patch: UpdateLeadBody; now: number }): Promise<Outcome<LeadCard>> {
  const { actor, patch } = input;
  if (!hasRole(actor, 'operator', 'admin')) throw forbidden('Only operators and administrators edit leads');
  await lockLead(tx, input.leadId);
  const lead = await findLead(tx, actor.businessId, input.leadId);
  if (!lead) throw notFound('Lead');
  const set: LeadUpdate = {};
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.status !== undefined) set.status = patch.status;
  if (patch.language !== undefined) set.language = patch.language;
  if (patch.setAttributes) {
    await setAttributes(tx, lead.id, patch.setAttributes);
    if ('sys_phone' in patch.setAttributes) set.phone = patch.setAttributes.sys_phone ?? null;
    if ('sys_email' in patch.setAttributes) set.email = patch.setAttributes.sys_email ?? null;
  }
  if (patch.deleteAttributes) {
    await deleteAttributes(tx, lead.id, patch.deleteAttributes);
    if (patch.deleteAttributes.includes('sys_phone')) set.phone = null;
    if (patch.deleteAttributes.includes('sys_email')) set.email = null;
  }
  if (patch.addTags) await addTags(tx, lead.id, patch.addTags);
  if (patch.removeTags) await removeTags(tx, lead.id, patch.removeTags);
  const updated = Object.keys(set).length ? await updateLead(tx, lead.id, set) : lead;
  const card = await getLeadCard(tx, actor.businessId, updated.id);
  return { result: card, events: [event('lead.updated', { row: await rowFor(tx, updated) })] };
}
