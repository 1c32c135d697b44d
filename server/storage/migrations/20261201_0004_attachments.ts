// Frozen: a migration never changes once released and imports nothing from the app.
import { PostgresAdapter, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations are untyped by design

export async function up(db: Db): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = pg ? 'bigserial' : 'integer';
  const big = pg ? 'bigint' : 'integer';
  const idCol = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()); // eslint-disable-line @typescript-eslint/no-explicit-any

  // Files operators upload for a lead. The bytes live in blob storage under storage_key (random,
  // never the user's name); message_id stays null until the file is sent with a message.
  await db.schema
    .createTable('attachments')
    .addColumn('id', id, idCol)
    .addColumn('business_id', big, (c) => c.notNull().references('businesses.id').onDelete('cascade'))
    .addColumn('lead_id', big, (c) => c.notNull().references('leads.id').onDelete('cascade'))
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', big, (c) => c.notNull())
    .addColumn('uploaded_by', big, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('message_id', big, (c) => c.references('messages.id').onDelete('cascade'))
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_message').on('attachments').columns(['message_id']).execute();
  await db.schema.createIndex('attachments_lead').on('attachments').columns(['lead_id', 'created_at']).execute();

  // Secrets of this installation that must survive restarts and be the same in every process
  // (the key that signs attachment download links), generated on first use.
  await db.schema
    .createTable('installation_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('installation_secrets').ifExists().execute();
  await db.schema.dropTable('attachments').ifExists().execute();
}
