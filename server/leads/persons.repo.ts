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

/** Unlinks the lead from its person (the person stays, with its other leads). */
export async function unlinkLeadFromPerson(tx: Executor, leadId: number): Promise<void> {
  await tx.deleteFrom('lead_persons').where('lead_id', '=', leadId).execute();
}

/** The other leads of a person, most recently active first. */
export async function leadsOfPerson(
  db: Executor,
  o: { businessId: number; personId: number; except: number; limit: number },
): Promise<{ id: number; name: string; channelId: number; lastActivityAt: number }[]> {
  const rows = await db
    .selectFrom('lead_persons as lp')
    .innerJoin('leads as l', 'l.id', 'lp.lead_id')
    .select(['l.id', 'l.name', 'l.channel_id', 'l.last_activity_at'])
    .where('lp.person_id', '=', o.personId)
    .where('l.business_id', '=', o.businessId)
    .where('l.id', '<>', o.except)
    .orderBy('l.last_activity_at', 'desc')
    .orderBy('l.id', 'desc')
    .limit(o.limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), name: r.name, channelId: Number(r.channel_id), lastActivityAt: Number(r.last_activity_at) }));
}
