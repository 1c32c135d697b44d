// Frozen: a migration never changes once released and imports nothing from the app.
import { PostgresAdapter, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations are untyped by design

export async function up(db: Db): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const big = pg ? 'bigint' : 'integer';
  // The satisfaction survey of a closed dialog: what the lead's next message is awaited as
  // ('rating' or 'comment') and until when, and the answer (one per dialog, the first wins).
  await db.schema.alterTable('dialogs').addColumn('csat_awaiting', 'text').execute();
  await db.schema.alterTable('dialogs').addColumn('csat_until', big).execute();
  await db.schema.alterTable('dialogs').addColumn('rating', 'integer').execute();
  await db.schema.alterTable('dialogs').addColumn('rating_comment', 'text').execute();
  await db.schema.alterTable('dialogs').addColumn('rated_at', big).execute();
}

export async function down(db: Db): Promise<void> {
  for (const c of ['rated_at', 'rating_comment', 'rating', 'csat_until', 'csat_awaiting']) await db.schema.alterTable('dialogs').dropColumn(c).execute();
}
