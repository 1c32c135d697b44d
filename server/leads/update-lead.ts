import type { Actor } from '../shared/actor';
import { canEditLeads } from './leads.policy';
import type { UpdateLeadBody } from '../../contracts/leads';
import { validateAnswer } from './validate-answer';
import { badInput, forbidden, notFound } from '../errors';
import { event, type Outcome } from '../realtime/index';
import type { Tx } from '../storage/db';
import { lockLead } from '../storage/locks';
import type { Lead, LeadUpdate } from '../storage/schema';
import { createPerson, linkLeadToPerson, personOfLead, unlinkLeadFromPerson } from './persons.repo';
import { rowFor } from './inbox-row.repo';
import { findLead, updateLead } from './leads.repo';
import { applyLeadChanges, hasChanges, type LeadChangedPort } from './lead-changes';
import { getLeadCard } from './lead-card';
import type { LeadCard } from '../../contracts/leads';

/**
 * Edits a lead from its page or the API: name, status, language, attributes, tags, contexts and the
 * person it belongs to. What changed
 * is handed to `leadChanged` in the same transaction: the bots module queues the triggers it fires.
 */
export async function editLead(
  deps: { tx: Tx; leadChanged: LeadChangedPort },
  input: { actor: Actor; leadId: number; patch: UpdateLeadBody; now: number },
): Promise<Outcome<LeadCard>> {
  const { tx } = deps;
  const { actor, patch } = input;
  if (!canEditLeads(actor)) throw forbidden('Only operators and administrators edit leads');
  await lockLead(tx, input.leadId);
  const lead = await findLead(tx, actor.businessId, input.leadId);
  if (!lead) throw notFound('Lead');
  const contacts = checkedContacts(patch);
  const { changes, patch: data } = await applyLeadChanges(tx, lead, {
    setAttributes: contacts.set,
    deleteAttributes: contacts.delete,
    addTags: patch.addTags,
    removeTags: patch.removeTags,
    addContexts: patch.addContexts,
    removeContexts: patch.removeContexts,
    status: patch.status,
  });
  await linkPerson(tx, { businessId: actor.businessId, lead, patch, now: input.now });
  const set: LeadUpdate = { ...data };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.language !== undefined) set.language = patch.language;
  const updated = Object.keys(set).length ? await updateLead(tx, lead.id, set) : lead;
  // A person's or a token's change starts a chain of triggers at depth 0.
  if (hasChanges(changes)) await deps.leadChanged(tx, { lead: updated, changes, depth: 0, now: input.now });
  const card = await getLeadCard(tx, actor.businessId, updated.id);
  return { result: card, events: [event('lead.updated', { row: await rowFor(tx, updated) })] };
}

/** PATCH's personId (a person of the business, or null to unlink) and samePersonAs (another lead of the business). */
async function linkPerson(tx: Tx, o: { businessId: number; lead: Lead; patch: UpdateLeadBody; now: number }): Promise<void> {
  const { lead, patch } = o;
  if (patch.personId === null) await unlinkLeadFromPerson(tx, lead.id);
  else if (patch.personId !== undefined && !(await linkLeadToPerson(tx, lead, patch.personId)))
    throw badInput('body.personId', `there is no person ${patch.personId} in this business`);
  if (patch.samePersonAs === undefined) return;
  if (patch.samePersonAs === lead.id) throw badInput('body.samePersonAs', 'a lead is always the same person as itself: name another lead');
  const other = await findLead(tx, o.businessId, patch.samePersonAs);
  if (!other) throw badInput('body.samePersonAs', `there is no lead ${patch.samePersonAs} in this business`);
  let personId = await personOfLead(tx, other.id);
  if (personId === null) {
    personId = await createPerson(tx, o.businessId, o.now);
    await linkLeadToPerson(tx, other, personId);
  }
  await linkLeadToPerson(tx, lead, personId);
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
