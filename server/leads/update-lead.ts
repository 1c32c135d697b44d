import type { Actor } from '../shared/actor';
import { canEditLeads } from './leads.policy';
import type { UpdateLeadBody } from '../../contracts/leads';
import { validateAnswer } from './validate-answer';
import { badInput, forbidden, notFound } from '../errors';
import { event, type Outcome } from '../realtime/index';
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
  if (!canEditLeads(actor)) throw forbidden('Only operators and administrators edit leads');
  await lockLead(tx, input.leadId);
  const lead = await findLead(tx, actor.businessId, input.leadId);
  if (!lead) throw notFound('Lead');
  const contacts = checkedContacts(patch);
  const set: LeadUpdate = {};
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.status !== undefined) set.status = patch.status;
  if (patch.language !== undefined) set.language = patch.language;
  if (Object.keys(contacts.set).length) {
    await setAttributes(tx, lead.id, contacts.set);
    if ('sys_phone' in contacts.set) set.phone = contacts.set.sys_phone ?? null;
    if ('sys_email' in contacts.set) set.email = contacts.set.sys_email ?? null;
  }
  if (contacts.delete.length) {
    await deleteAttributes(tx, lead.id, contacts.delete);
    if (contacts.delete.includes('sys_phone')) set.phone = null;
    if (contacts.delete.includes('sys_email')) set.email = null;
  }
  if (patch.addTags) await addTags(tx, lead.id, patch.addTags);
  if (patch.removeTags) await removeTags(tx, lead.id, patch.removeTags);
  const updated = Object.keys(set).length ? await updateLead(tx, lead.id, set) : lead;
  const card = await getLeadCard(tx, actor.businessId, updated.id);
  return { result: card, events: [event('lead.updated', { row: await rowFor(tx, updated) })] };
}

/**
 * The attributes to set and delete, with the phone and e-mail checked and normalised as a bot's
 * "ask" would (+79991234567, lower-case e-mail); an empty phone or e-mail deletes it.
 */
function checkedContacts(patch: UpdateLeadBody): { set: Record<string, string>; delete: string[] } {
  const set = { ...patch.setAttributes };
  const del = [...(patch.deleteAttributes ?? [])];
  for (const [attr, kind, example] of [
    ['sys_phone', 'phone', '+7 999 123-45-67'],
    ['sys_email', 'email', 'name@example.com'],
  ] as const) {
    const raw = set[attr];
    if (raw === undefined) continue;
    if (!raw.trim()) {
      delete set[attr];
      del.push(attr);
      continue;
    }
    const value = validateAnswer(kind, raw);
    if (value === null)
      throw badInput(`body.setAttributes.${attr}`, `"${raw}" is not ${kind === 'phone' ? 'a phone number' : 'an e-mail address'} (e.g. ${example})`);
    set[attr] = value;
  }
  return { set, delete: del };
}
