// Frozen: a migration never changes once released and imports nothing from the app.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations are untyped by design

const FACT_COLUMNS = ['business_id', 'seq', 'at', 'kind', 'dialog_id', 'bot_id', 'channel_id', 'department_id', 'operator_id', 'value', 'opened_at'];

/**
 * Every message appends a row to `events` and, while its dialog waits, one to `report_events`; a
 * commit writes a page of each b-tree it touches. `events` loses its index by time (the log is pruned
 * by seq, whose time grows with it). SQLite: `report_events` is stored by its key (a table without
 * rowid: its narrow rows and key index were two b-trees). A message's commit writes two pages fewer.
 * `events` stays a rowid table: its rows (the event's JSON, often over a kilobyte) would spill to
 * overflow pages in a table without rowid, whose rows live in an index's smaller cells. PostgreSQL
 * only loses the time index: its tables are heaps either way.
 */
export async function up(db: Db): Promise<void> {
  await db.schema.dropIndex('events_created').execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await db.schema.dropIndex('report_events_kind_at').execute();
  await db.schema.dropIndex('report_events_dialogs').execute();
  await rebuildFacts(db, sql`without rowid`);
  await createFactIndexes(db);
}

export async function down(db: Db): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    await db.schema.dropIndex('report_events_kind_at').execute();
    await db.schema.dropIndex('report_events_dialogs').execute();
    await rebuildFacts(db, sql``);
    await createFactIndexes(db);
  }
  await db.schema.createIndex('events_created').on('events').columns(['created_at']).execute();
}

/** report_events copied into a new table of the same columns, `end` closing its definition. */
async function rebuildFacts(db: Db, end: ReturnType<typeof sql>): Promise<void> {
  await db.schema.alterTable('report_events').renameTo('report_events_old').execute();
  await createFacts(db, 'report_events', end);
  const list = sql.join(FACT_COLUMNS.map((c) => sql.ref(c)));
  await sql`insert into report_events (${list}) select ${list} from report_events_old`.execute(db);
  await db.schema.dropTable('report_events_old').execute();
}

async function createFacts(db: Db, name: string, end: ReturnType<typeof sql>): Promise<void> {
  await db.schema
    .createTable(name)
    .addColumn('business_id', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('dialog_id', 'integer')
    .addColumn('bot_id', 'integer')
    .addColumn('channel_id', 'integer')
    .addColumn('department_id', 'integer')
    .addColumn('operator_id', 'integer')
    .addColumn('value', 'integer')
    .addColumn('opened_at', 'integer')
    .addPrimaryKeyConstraint('report_events_pk', ['business_id', 'seq'])
    .modifyEnd(end)
    .execute();
}

async function createFactIndexes(db: Db): Promise<void> {
  await db.schema
    .createIndex('report_events_kind_at')
    .on('report_events')
    .columns(['business_id', 'kind', 'at', 'operator_id', 'value', 'department_id', 'bot_id', 'channel_id'])
    .execute();
  await db.schema.createIndex('report_events_dialogs').on('report_events').columns(['business_id', 'opened_at', 'dialog_id']).execute();
}
