// Frozen: a migration never changes once released and imports nothing from the app.
import type { Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations are untyped by design

export async function up(db: Db): Promise<void> {
  // A department's own automatic-distribution switch: 1 on, 0 off, null as the business's setting.
  await db.schema.alterTable('departments').addColumn('auto_assign', 'integer').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('departments').dropColumn('auto_assign').execute();
}
