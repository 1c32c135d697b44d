// Frozen: a migration never changes once released and imports nothing from the app.
import { PostgresAdapter, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations are untyped by design

export async function up(db: Db): Promise<void> {
  const big = db.getExecutor().adapter instanceof PostgresAdapter ? 'bigint' : 'integer';
  // Links that let a user choose a password: an invitation, or a reset an administrator made. Only the
  // token's hash is kept; a link works once, until it expires.
  await db.schema
    .createTable('password_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', big, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('business_id', big, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('expires_at', big, (c) => c.notNull())
    .addColumn('used_at', big)
    .execute();
  await db.schema.createIndex('password_links_user').on('password_links').column('user_id').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('password_links').execute();
}
