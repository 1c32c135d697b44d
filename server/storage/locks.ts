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
 * Serializes the router's capacity checks on one operator: PostgreSQL: the user's row locked until
 * commit, so two processes routing at once cannot both see room for one more dialog. SQLite: nothing
 * to do (one writer).
 */
export async function lockOperator(tx: Executor, userId: number): Promise<void> {
  if (tx.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`select id from users where id = ${userId} for update`.execute(tx);
  }
}

/** Whether row locks (SELECT … FOR UPDATE) exist on this connection's dialect. */
export function supportsRowLocks(tx: Executor): boolean {
  return tx.getExecutor().adapter instanceof PostgresAdapter;
}
