import type { Executor } from '../storage/db';
import type { AttemptState } from './login-throttle';

/** The throttling state of a (lower-cased) e-mail, or null if it has no recent failures. */
export async function findLoginAttempts(db: Executor, email: string): Promise<AttemptState | null> {
  const r = await db.selectFrom('login_attempts').selectAll().where('email', '=', email).executeTakeFirst();
  return r ? { failures: r.failures, windowStartedAt: r.window_started_at, lockedUntil: r.locked_until } : null;
}

/** Inserts the first state of an e-mail; false if another request inserted one first. */
export async function insertLoginAttemptsIfAbsent(db: Executor, email: string, s: AttemptState): Promise<boolean> {
  const r = await db
    .insertInto('login_attempts')
    .values({ email, failures: s.failures, window_started_at: s.windowStartedAt, locked_until: s.lockedUntil })
    .onConflict((oc) => oc.column('email').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Compare-and-set: replaces the state only if it is still `prev`; false if another request changed it. */
export async function replaceLoginAttemptsIf(db: Executor, email: string, prev: AttemptState, next: AttemptState): Promise<boolean> {
  const r = await db
    .updateTable('login_attempts')
    .set({ failures: next.failures, window_started_at: next.windowStartedAt, locked_until: next.lockedUntil })
    .where('email', '=', email)
    .where('failures', '=', prev.failures)
    .where('window_started_at', '=', prev.windowStartedAt)
    .where('locked_until', '=', prev.lockedUntil)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Forgets the failures of an e-mail (after a successful sign-in). */
export async function clearLoginAttempts(db: Executor, email: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('email', '=', email).execute();
}

/** Drops states whose window and lock both ended before `before`; returns how many. */
export async function pruneLoginAttempts(db: Executor, before: number): Promise<number> {
  const r = await db
    .deleteFrom('login_attempts')
    .where('window_started_at', '<', before)
    .where('locked_until', '<', before)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
