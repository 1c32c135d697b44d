import { z } from 'zod';
import type { Executor } from '../storage/db';
import { parseColumn } from '../storage/json-column';

/** businesses.settings: a JSON object of settings by name. */
const StoredSettings = z.record(z.string(), z.unknown());

/** Creates a business (tenant) with default settings; returns its id. */
export async function insertBusiness(db: Executor, b: { name: string; createdAt: number }): Promise<number> {
  const r = await db.insertInto('businesses').values({ name: b.name, settings: '{}', created_at: b.createdAt }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** The id of the business with this name, or null (the demo finds itself by name). */
export async function findBusinessByName(db: Executor, name: string): Promise<number | null> {
  return (await db.selectFrom('businesses').select('id').where('name', '=', name).executeTakeFirst())?.id ?? null;
}

/** The business's display name, or null if there is no such business. */
export async function findBusinessName(db: Executor, businessId: number): Promise<string | null> {
  const r = await db.selectFrom('businesses').select('name').where('id', '=', businessId).executeTakeFirst();
  return r?.name ?? null;
}

/** The business's stored settings (a JSON object; unknown keys kept for the caller to drop), or {} when there is no such business. */
export async function findBusinessSettings(db: Executor, businessId: number): Promise<Record<string, unknown>> {
  const r = await db.selectFrom('businesses').select('settings').where('id', '=', businessId).executeTakeFirst();
  return r ? parseColumn(StoredSettings, r.settings, `businesses.settings of business ${businessId}`) : {};
}

/** Renames the business and/or replaces its settings. */
export async function updateBusinessRow(db: Executor, businessId: number, c: { name?: string | undefined; settings: Record<string, unknown> }): Promise<void> {
  await db
    .updateTable('businesses')
    .set({ settings: JSON.stringify(c.settings), ...(c.name ? { name: c.name } : {}) })
    .where('id', '=', businessId)
    .execute();
}
