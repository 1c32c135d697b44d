import { BusinessSettings, type UpdateBusinessBody } from '../../contracts/business';
import { forbidden, notFound } from '../errors';
import type { Executor } from '../storage/db';
import { hasRole, type Actor } from './actor';

/** Stored settings merged over the defaults (a setting added later reads as its default). */
export async function readBusinessSettings(db: Executor, businessId: number): Promise<BusinessSettings> {
  const r = await db.selectFrom('businesses').select('settings').where('id', '=', businessId).executeTakeFirst();
  const stored = r ? (JSON.parse(r.settings) as Record<string, unknown>) : {};
  return BusinessSettings.parse(Object.fromEntries(Object.entries(stored).filter(([k]) => k in BusinessSettings.shape)));
}

export async function getBusiness(db: Executor, actor: Actor) {
  if (!hasRole(actor, 'admin')) throw forbidden('Only administrators see the business settings');
  const r = await db.selectFrom('businesses').select(['id', 'name']).where('id', '=', actor.businessId).executeTakeFirst();
  if (!r) throw notFound('Business');
  return { business: { id: r.id, name: r.name, settings: await readBusinessSettings(db, actor.businessId) } };
}

/** An administrator renames the business or changes its settings. */
export async function updateBusiness(db: Executor, actor: Actor, patch: UpdateBusinessBody) {
  if (!hasRole(actor, 'admin')) throw forbidden('Only administrators change the business settings');
  const settings = { ...(await readBusinessSettings(db, actor.businessId)), ...patch.settings };
  await db
    .updateTable('businesses')
    .set({ settings: JSON.stringify(settings), ...(patch.name ? { name: patch.name } : {}) })
    .where('id', '=', actor.businessId)
    .execute();
  return getBusiness(db, actor);
}
