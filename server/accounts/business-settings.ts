import { BusinessSettings, type UpdateBusinessBody } from '../../contracts/business';
import { forbidden, notFound } from '../errors';
import type { Executor } from '../storage/db';
import type { Actor } from '../shared/actor';
import { canManageBusiness } from './accounts.policy';
import { findBusinessName, findBusinessSettings, updateBusinessRow } from './businesses.repo';

/** Stored settings merged over the defaults (a setting added later reads as its default). */
export async function readBusinessSettings(db: Executor, businessId: number): Promise<BusinessSettings> {
  const stored = await findBusinessSettings(db, businessId);
  return BusinessSettings.parse(Object.fromEntries(Object.entries(stored).filter(([k]) => k in BusinessSettings.shape)));
}

export async function getBusiness(db: Executor, { actor }: { actor: Actor }) {
  if (!canManageBusiness(actor)) throw forbidden('Only administrators see the business settings');
  const name = await findBusinessName(db, actor.businessId);
  if (name === null) throw notFound('Business');
  return { business: { id: actor.businessId, name, settings: await readBusinessSettings(db, actor.businessId) } };
}

/** An administrator renames the business or changes its settings. */
export async function updateBusiness(db: Executor, { actor, patch }: { actor: Actor; patch: UpdateBusinessBody }) {
  if (!canManageBusiness(actor)) throw forbidden('Only administrators change the business settings');
  const settings = { ...(await readBusinessSettings(db, actor.businessId)), ...patch.settings };
  await updateBusinessRow(db, actor.businessId, { name: patch.name, settings });
  return getBusiness(db, { actor });
}
