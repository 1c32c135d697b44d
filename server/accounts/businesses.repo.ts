import type { Executor } from '../storage/db';

/** Creates a business (tenant) with default settings; returns its id. */
export async function insertBusiness(db: Executor, b: { name: string; createdAt: number }): Promise<number> {
  const r = await db.insertInto('businesses').values({ name: b.name, settings: '{}', created_at: b.createdAt }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** The business's display name, or null if there is no such business. */
export async function findBusinessName(db: Executor, businessId: number): Promise<string | null> {
  const r = await db.selectFrom('businesses').select('name').where('id', '=', businessId).executeTakeFirst();
  return r?.name ?? null;
}
