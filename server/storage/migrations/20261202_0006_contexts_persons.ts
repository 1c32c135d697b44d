// Frozen: a migration never changes once released and imports nothing from the app.
import { PostgresAdapter, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations are untyped by design

export async function up(db: Db): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = pg ? 'bigserial' : 'integer';
  const big = pg ? 'bigint' : 'integer';
  const idCol = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()); // eslint-disable-line @typescript-eslint/no-explicit-any

  // A lead's contexts (Metabot's lead.setContext / getAllContexts): named marks, like tags, that
  // scripts set to remember where a conversation stands.
  await db.schema
    .createTable('lead_contexts')
    .addColumn('lead_id', big, (c) => c.notNull().references('leads.id').onDelete('cascade'))
    .addColumn('context', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lead_contexts_pk', ['lead_id', 'context'])
    .execute();

  // Persons (Metabot's lead.createPersonForCurrentLead / setPersonId): one human behind several
  // leads, e.g. the same customer in Telegram and the widget. A lead belongs to at most one person.
  await db.schema
    .createTable('persons')
    .addColumn('id', id, idCol)
    .addColumn('business_id', big, (c) => c.notNull().references('businesses.id').onDelete('cascade'))
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('lead_persons')
    .addColumn('lead_id', big, (c) => c.primaryKey().references('leads.id').onDelete('cascade'))
    .addColumn('person_id', big, (c) => c.notNull().references('persons.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('lead_persons_person').on('lead_persons').columns(['person_id']).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('lead_persons').execute();
  await db.schema.dropTable('persons').execute();
  await db.schema.dropTable('lead_contexts').execute();
}
