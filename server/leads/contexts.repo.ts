import type { Executor } from '../storage/db';

/** A lead's contexts (lead.getAllContexts), sorted. */
export async function getContexts(db: Executor, leadId: number): Promise<string[]> {
  const rows = await db.selectFrom('lead_contexts').select('context').where('lead_id', '=', leadId).orderBy('context').execute();
  return rows.map((r) => r.context);
}

/** Adds and removes a lead's contexts, in the caller's transaction; adding one it has is no change. */
export async function applyContextChanges(tx: Executor, leadId: number, c: { add: string[]; remove: string[] }): Promise<void> {
  if (c.add.length) {
    await tx
      .insertInto('lead_contexts')
      .values(c.add.map((context) => ({ lead_id: leadId, context })))
      .onConflict((oc) => oc.columns(['lead_id', 'context']).doNothing())
      .execute();
  }
  if (c.remove.length) await tx.deleteFrom('lead_contexts').where('lead_id', '=', leadId).where('context', 'in', c.remove).execute();
}
