import { BusinessSettings, type UpdateBusinessBody } from '../../contracts/business';
import { forbidden, notFound } from '../errors';
import type { Executor } from '../storage/db';
import { commit, event, type CommitDeps } from '../realtime/index';
import type { Actor } from '../shared/actor';
import { canManageBusiness } from './accounts.policy';
import { findBusinessName, findBusinessSettings, updateBusinessRow } from './businesses.repo';
import { recordAudit } from '../audit/index';

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

/** Settings of automatic distribution: a change of any is `distribution.changed` (the waiting queue drains on it). */
const DISTRIBUTION: readonly (keyof BusinessSettings)[] = [
  'autoAssign',
  'autoAssignOffline',
  'autoAssignWorkspaceOnly',
  'preferPreviousOperator',
  'reassignAfterSec',
  // Working hours are read in it: the queue's timers at the next opening re-arm.
  'timeZone',
];

/** An administrator renames the business or changes its settings (only those the patch names). */
export async function updateBusiness(deps: CommitDeps, { actor, patch }: { actor: Actor; patch: UpdateBusinessBody }) {
  if (!canManageBusiness(actor)) throw forbidden('Only administrators change the business settings');
  await commit(deps, actor.businessId, async (tx) => {
    const settings = { ...(await readBusinessSettings(tx, actor.businessId)), ...patch.settings };
    await updateBusinessRow(tx, actor.businessId, { name: patch.name, settings });
    const distribution = DISTRIBUTION.some((k) => patch.settings?.[k] !== undefined);
    await recordAudit(tx, actor, {
      action: 'business.update',
      target: { type: 'business', id: actor.businessId },
      details: { name: patch.name, ...patch.settings },
      now: deps.clock(),
    });
    return { result: null, events: distribution ? [event('distribution.changed', {})] : [] };
  });
  return getBusiness(deps.db, { actor });
}
