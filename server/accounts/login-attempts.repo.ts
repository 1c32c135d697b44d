import { sql } from 'kysely';
import type { Executor } from '../storage/db';
import type { LoginFailuresTable } from '../storage/schema';
import type { FailureCount, LoginFailures } from './login-throttle';

type Scope = LoginFailuresTable['scope'];

/** The three counters of a sign-in: the (lower-cased) e-mail, the address key, and both together. */
function keysOf(email: string, address: string): Record<keyof LoginFailures, { scope: Scope; subject: string }> {
  return {
    accountAddress: { scope: 'account_address', subject: `${address} ${email}` },
    address: { scope: 'address', subject: address },
    account: { scope: 'account', subject: email },
  };
}

/** The failure counts an attempt for `email` from `address` is judged by. */
export async function findLoginFailures(db: Executor, email: string, address: string): Promise<LoginFailures> {
  const keys = keysOf(email, address);
  const rows = await db
    .selectFrom('login_failures')
    .selectAll()
    .where((eb) => eb.or(Object.values(keys).map((k) => eb.and([eb('scope', '=', k.scope), eb('subject', '=', k.subject)]))))
    .execute();
  const find = (k: { scope: Scope; subject: string }): FailureCount | null => {
    const r = rows.find((x) => x.scope === k.scope && x.subject === k.subject);
    return r ? { failures: r.failures, lastFailureAt: r.last_failure_at } : null;
  };
  return { accountAddress: find(keys.accountAddress), address: find(keys.address), account: find(keys.account) };
}

/**
 * Counts one failure on all three counters in one statement (an atomic upsert, so concurrent failures
 * are all counted); a counter whose last failure is at or before `forgetBefore` starts over at 1 (as liveFailures reads it).
 */
export async function recordLoginFailure(db: Executor, email: string, address: string, now: number, forgetBefore: number): Promise<void> {
  await db
    .insertInto('login_failures')
    .values(Object.values(keysOf(email, address)).map((k) => ({ ...k, failures: 1, last_failure_at: now })))
    .onConflict((oc) =>
      oc.columns(['scope', 'subject']).doUpdateSet({
        failures: sql<number>`case when login_failures.last_failure_at <= ${forgetBefore} then 1 else login_failures.failures + 1 end`,
        last_failure_at: sql<number>`case when login_failures.last_failure_at > ${now} then login_failures.last_failure_at else ${now} end`,
      }),
    )
    .execute();
}

/** Forgets the failures of an account from one address (after it signed in from there). */
export async function clearAccountAddressFailures(db: Executor, email: string, address: string): Promise<void> {
  const k = keysOf(email, address).accountAddress;
  await db.deleteFrom('login_failures').where('scope', '=', k.scope).where('subject', '=', k.subject).execute();
}

/** Drops counters whose last failure was before `before`; returns how many. */
export async function pruneLoginAttempts(db: Executor, before: number): Promise<number> {
  const r = await db.deleteFrom('login_failures').where('last_failure_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
