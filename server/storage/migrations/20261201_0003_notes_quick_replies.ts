// Frozen: a migration never changes once released and imports nothing from the app.
import { PostgresAdapter, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations are untyped by design

export async function up(db: Db): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const id = pg ? 'bigserial' : 'integer';
  const big = pg ? 'bigint' : 'integer';
  const idCol = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()); // eslint-disable-line @typescript-eslint/no-explicit-any

  // Internal notes share the lead's history with messages; the default keeps every existing row and
  // every existing insert a real message.
  await db.schema
    .alterTable('messages')
    .addColumn('internal', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // Canned responses an operator inserts by typing "/" + shortcut; shortcuts are unique per business.
  await db.schema
    .createTable('quick_replies')
    .addColumn('id', id, idCol)
    .addColumn('business_id', big, (c) => c.notNull().references('businesses.id').onDelete('cascade'))
    .addColumn('shortcut', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .addUniqueConstraint('quick_replies_business_shortcut', ['business_id', 'shortcut'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('quick_replies').ifExists().execute();
  await db.schema.alterTable('messages').dropColumn('internal').execute();
}
