// Frozen: a migration never changes once released and imports nothing from the app.
import type { Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations are untyped by design

export async function up(db: Db): Promise<void> {
  // A department's own distribution options; null: as the business's setting.
  // 'keep' | 'requeue': what its dialogs do when their operator goes Offline.
  await db.schema.alterTable('departments').addColumn('offline_dialogs', 'text').execute();
  // Seconds before its unanswered dialogs go to someone else; 0: never.
  await db.schema.alterTable('departments').addColumn('reassign_after_sec', 'integer').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('departments').dropColumn('reassign_after_sec').execute();
  await db.schema.alterTable('departments').dropColumn('offline_dialogs').execute();
}
