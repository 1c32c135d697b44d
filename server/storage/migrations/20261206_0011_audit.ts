// Frozen: a migration never changes once released and imports nothing from the app.
import { PostgresAdapter, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations are untyped by design

export async function up(db: Db): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = pg ? 'bigserial' : 'integer';
  const big = pg ? 'bigint' : 'integer';
  const idCol = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()); // eslint-disable-line @typescript-eslint/no-explicit-any

  // Who changed which setting, user, bot or script, and when: written in the change's own transaction,
  // kept with the business's data.
  await db.schema
    .createTable('audit_log')
    .addColumn('id', id, idCol)
    .addColumn('business_id', big, (c) => c.notNull())
    .addColumn('at', big, (c) => c.notNull())
    // 'user' | 'token' | 'system', the user's or token's id, and the name as it was then.
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', big)
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', big)
    // What changed (JSON; never a secret).
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_business').on('audit_log').columns(['business_id', 'id']).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('audit_log').execute();
}
