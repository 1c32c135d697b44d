// Frozen: a migration never changes once released and imports nothing from the app.
import { PostgresAdapter, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations are untyped by design

export async function up(db: Db): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = pg ? 'bigserial' : 'integer';
  const big = pg ? 'bigint' : 'integer';
  const idCol = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()); // eslint-disable-line @typescript-eslint/no-explicit-any

  // Where a bot starts, where "return to bot" lands, and what runs on every transfer to operators.
  await db.schema.alterTable('bots').addColumn('start_script', 'text').execute();
  await db.schema.alterTable('bots').addColumn('return_script', 'text').execute();
  await db.schema.alterTable('bots').addColumn('transfer_script', 'text').execute();

  await db.schema
    .createTable('scripts')
    .addColumn('id', id, idCol)
    .addColumn('business_id', big, (c) => c.notNull().references('businesses.id').onDelete('cascade'))
    .addColumn('bot_id', big, (c) => c.notNull().references('bots.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('entries', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('commands', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .addUniqueConstraint('scripts_bot_code', ['bot_id', 'code'])
    .execute();

  await db.schema
    .createTable('script_versions')
    .addColumn('script_id', big, (c) => c.notNull().references('scripts.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('business_id', big, (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('author_user_id', big)
    .addColumn('created_at', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('script_versions_pk', ['script_id', 'version'])
    .execute();

  await db.schema
    .createTable('triggers')
    .addColumn('id', id, idCol)
    .addColumn('business_id', big, (c) => c.notNull().references('businesses.id').onDelete('cascade'))
    .addColumn('bot_id', big, (c) => c.notNull().references('bots.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('script', 'text', (c) => c.notNull())
    .addColumn('on_event', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', big, (c) => c.notNull())
    .addUniqueConstraint('triggers_bot_code', ['bot_id', 'code'])
    .execute();

  // Where each lead is in its bot's scenario: the script and step, and what an "ask" waits for.
  await db.schema
    .createTable('lead_scenarios')
    .addColumn('lead_id', big, (c) => c.primaryKey().references('leads.id').onDelete('cascade'))
    .addColumn('script', 'text', (c) => c.notNull())
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('awaiting', 'text')
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();

  // Durable work for the bot runtime: a lead's message to answer, a trigger or script due at run_at.
  await db.schema
    .createTable('bot_jobs')
    .addColumn('id', id, idCol)
    .addColumn('business_id', big, (c) => c.notNull())
    .addColumn('bot_id', big, (c) => c.notNull())
    .addColumn('lead_id', big, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref', 'text')
    .addColumn('params', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('run_at', big, (c) => c.notNull())
    .addColumn('every_sec', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', big, (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('done_at', big)
    .execute();
  await db.schema.createIndex('bot_jobs_due').on('bot_jobs').columns(['status', 'run_at']).execute();
  await db.schema.createIndex('bot_jobs_lead').on('bot_jobs').columns(['lead_id', 'status', 'id']).execute();

  // What user code printed and how it failed, for the script's author.
  await db.schema
    .createTable('script_logs')
    .addColumn('id', id, idCol)
    .addColumn('business_id', big, (c) => c.notNull())
    .addColumn('bot_id', big, (c) => c.notNull())
    .addColumn('lead_id', big)
    .addColumn('script', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('script_logs_bot').on('script_logs').columns(['bot_id', 'id']).execute();
}

export async function down(db: Db): Promise<void> {
  for (const t of ['script_logs', 'bot_jobs', 'lead_scenarios', 'triggers', 'script_versions', 'scripts']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  for (const c of ['transfer_script', 'return_script', 'start_script']) await db.schema.alterTable('bots').dropColumn(c).execute();
}
