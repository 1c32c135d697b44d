import { AppError, conflict } from '../errors';
import type { Db } from '../storage/db';
import { insertBusiness } from './businesses.repo';
import { normalizeEmail } from './emails';
import { hashPassword } from './passwords';
import { hasNoUsers, insertUserUnlessEmailTaken, lockUsersForSetup, type UserRecord } from './users.repo';

export interface OwnerInput {
  businessName: string;
  name: string;
  email: string;
  password: string;
}

/** Owners administer the business and answer leads themselves. */
export const OWNER_ROLES = ['admin', 'operator'] as const;
const DEFAULT_MAX_DIALOGS = 5;

/**
 * Creates a business and its owner (roles admin + operator) in one transaction. With `onlyIfFirst`
 * (first-run setup over HTTP) it refuses with `setup_done` once any user exists, even under
 * concurrent requests; the CLI leaves it off to add further businesses.
 */
export async function createOwner(deps: { db: Db; clock: () => number }, input: OwnerInput, opts: { onlyIfFirst: boolean }): Promise<UserRecord> {
  const passwordHash = await hashPassword(input.password); // slow on purpose: outside the transaction
  return deps.db.transaction().execute(async (tx) => {
    if (opts.onlyIfFirst) {
      await lockUsersForSetup(tx);
      if (!(await hasNoUsers(tx))) throw new AppError('setup_done', 'Setup is already done: sign in instead');
    }
    const now = deps.clock();
    const businessId = await insertBusiness(tx, { name: input.businessName.trim(), createdAt: now });
    const user = await insertUserUnlessEmailTaken(tx, {
      businessId,
      email: normalizeEmail(input.email),
      name: input.name.trim(),
      passwordHash,
      roles: [...OWNER_ROLES],
      maxDialogs: DEFAULT_MAX_DIALOGS,
      createdAt: now,
    });
    if (!user) throw conflict('A user with this e-mail already exists');
    return user;
  });
}
