import { PostgresAdapter, sql } from 'kysely';
import type { Executor } from './db';

/**
 * Serializes changes to one lead's conversation within the current transaction. PostgreSQL: a row
 * lock held until commit. SQLite: nothing to do, a transaction already holds the only writer.
 */
export async function lockLead(tx: Executor, leadId: number): Promise<void> {
  if (tx.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`select id from leads where id = ${leadId} for update`.execute(tx);
  }
}

/**
 * The router's operator lock, without waiting: false when another transaction holds the operator's
 * row now (PostgreSQL; SQLite has one writer, always true). A drain tries several operators in one
 * transaction in its own order; waiting for each could deadlock two drains that tried the same two
 * operators in opposite orders, so a held operator is skipped and the drain runs again after it.
 */
export async function tryLockOperator(tx: Executor, userId: number): Promise<boolean> {
  if (!(tx.getExecutor().adapter instanceof PostgresAdapter)) return true;
  const r = await sql`select id from users where id = ${userId} for update skip locked`.execute(tx);
  return r.rows.length > 0;
}

/** Whether row locks (SELECT … FOR UPDATE) exist on this connection's dialect. */
export function supportsRowLocks(tx: Executor): boolean {
  return tx.getExecutor().adapter instanceof PostgresAdapter;
}
