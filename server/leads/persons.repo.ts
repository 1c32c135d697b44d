import type { Executor } from '../storage/db';
import type { Lead } from '../storage/schema';

/** The person a lead belongs to, or null. */
export async function personOfLead(db: Executor, leadId: number): Promise<number | null> {
  const r = await db.selectFrom('lead_persons').select('person_id').where('lead_id', '=', leadId).executeTakeFirst();
  return r ? Number(r.person_id) : null;
}

/** A new person of the business (lead.createPersonForCurrentLead); its id. */
export async function createPerson(db: Executor, businessId: number, now: number): Promise<number> {
  const r = await db.insertInto('persons').values({ business_id: businessId, created_at: now }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

/** Links the lead to a person of its business (replacing any other); false if there is no such person. */
export async function linkLeadToPerson(tx: Executor, lead: Pick<Lead, 'id' | 'business_id'>, personId: number): Promise<boolean> {
  const person = await tx.selectFrom('persons').select('id').where('id', '=', personId).where('business_id', '=', lead.business_id).executeTakeFirst();
  if (!person) return false;
  await tx
    .insertInto('lead_persons')
    .values({ lead_id: lead.id, person_id: personId })
    .onConflict((oc) => oc.column('lead_id').doUpdateSet({ person_id: personId }))
    .execute();
  return true;
}
