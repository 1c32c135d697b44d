// Frozen: a migration never changes once released and imports nothing from the app.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations are untyped by design

export async function up(db: Db): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = pg ? 'bigserial' : 'integer';
  const big = pg ? 'bigint' : 'integer';
  const idCol = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()); // eslint-disable-line @typescript-eslint/no-explicit-any

  // When the dialog last started waiting (created waiting, given back, moved to a department's queue):
  // the queue's order and the routing script's `waitingSince`.
  await db.schema.alterTable('dialogs').addColumn('waiting_since', big).execute();
  await sql`update dialogs set waiting_since = created_at where state = 'waiting'`.execute(db);
  // 1: distribution was asked for this dialog (the bot's `lead.assignDialogToNextOperator()`), so the
  // queue keeps offering it to operators even where the business has not switched distribution on.
  await db.schema
    .alterTable('dialogs')
    .addColumn('auto_route', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // 1: the routing script answered "keep waiting" for this waiting period; it is not asked again until
  // the dialog waits anew.
  await db.schema
    .alterTable('dialogs')
    .addColumn('route_held', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('dialogs_waiting').on('dialogs').columns(['business_id', 'state', 'waiting_since']).execute();

  // The business's own routing decision, in JavaScript (one per business; none: the built-in rule).
  await db.schema
    .createTable('routing_scripts')
    .addColumn('business_id', big, (c) => c.primaryKey().references('businesses.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .addColumn('updated_by', big)
    .execute();
  // What the routing script printed, and why a decision fell back to the built-in rule.
  await db.schema
    .createTable('routing_logs')
    .addColumn('id', id, idCol)
    .addColumn('business_id', big, (c) => c.notNull())
    .addColumn('dialog_id', big)
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('routing_logs_business').on('routing_logs').columns(['business_id', 'id']).execute();

  // Which operators have the workspace open, per server process: a process writes a row when a user's
  // first socket opens and deletes it when the last one closes, and renews `seen_at` while it lives.
  // A row not renewed for a while belongs to a process that died and counts for nothing.
  await db.schema
    .createTable('workspace_presence')
    .addColumn('user_id', big, (c) => c.notNull())
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('business_id', big, (c) => c.notNull())
    .addColumn('seen_at', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('workspace_presence_pk', ['user_id', 'process_id'])
    .execute();
  await db.schema.createIndex('workspace_presence_business').on('workspace_presence').columns(['business_id', 'seen_at']).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('workspace_presence').execute();
  await db.schema.dropTable('routing_logs').execute();
  await db.schema.dropTable('routing_scripts').execute();
  await db.schema.dropIndex('dialogs_waiting').execute();
  for (const c of ['route_held', 'auto_route', 'waiting_since']) await db.schema.alterTable('dialogs').dropColumn(c).execute();
}
