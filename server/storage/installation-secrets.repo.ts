import { randomBytes } from 'node:crypto';
import type { Executor } from './db';

/**
 * The installation's secret of this name, made (32 random bytes) on first use and kept in the
 * database, so it survives restarts and every process of a scaled-out setup signs alike. Two
 * processes starting at once both read the one that was inserted first.
 */
export async function installationSecret(db: Executor, name: string, now: number): Promise<string> {
  await db
    .insertInto('installation_secrets')
    .values({ name, value: randomBytes(32).toString('base64url'), created_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('installation_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}
