// Frozen: a migration never changes once released and imports nothing from the app.
import { PostgresAdapter, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations are untyped by design

export async function up(db: Db): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const big = pg ? 'bigint' : 'integer';

  // Sign-in throttling counts failures per client address, per (account, address) and per account
  // (scope + subject), instead of one per-e-mail lock that anyone could trigger for anyone.
  await db.schema.dropTable('login_attempts').ifExists().execute();
  await db.schema
    .createTable('login_failures')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('login_failures_pk', ['scope', 'subject'])
    .execute();
  await db.schema.createIndex('login_failures_last').on('login_failures').columns(['last_failure_at']).execute();
}

export async function down(db: Db): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const big = pg ? 'bigint' : 'integer';
  await db.schema.dropTable('login_failures').execute();
  await db.schema
    .createTable('login_attempts')
    .addColumn('email', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', big, (c) => c.notNull())
    .addColumn('locked_until', big, (c) => c.notNull())
    .execute();
}
