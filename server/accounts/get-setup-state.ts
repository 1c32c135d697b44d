import type { Db } from '../storage/db';
import { hasNoUsers } from './users.repo';

/** Whether the installation still needs its first owner (no users at all). */
export async function getSetupState(deps: { db: Db }): Promise<{ needsOwner: boolean }> {
  return { needsOwner: await hasNoUsers(deps.db) };
}
