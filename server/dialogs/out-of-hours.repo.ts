import type { Executor } from '../storage/db';

/** When the lead last got the out-of-hours reply, or null. */
export async function lastOutOfHoursReply(db: Executor, leadId: number): Promise<number | null> {
  const r = await db.selectFrom('out_of_hours_replies').select('replied_at').where('lead_id', '=', leadId).executeTakeFirst();
  return r?.replied_at ?? null;
}

/** Notes that the lead got the out-of-hours reply now. */
export async function noteOutOfHoursReply(db: Executor, leadId: number, now: number): Promise<void> {
  await db
    .insertInto('out_of_hours_replies')
    .values({ lead_id: leadId, replied_at: now })
    .onConflict((oc) => oc.column('lead_id').doUpdateSet({ replied_at: now }))
    .execute();
}
