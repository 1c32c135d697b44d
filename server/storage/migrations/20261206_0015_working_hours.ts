// Frozen: a migration never changes once released and imports nothing from the app.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations are untyped by design

export async function up(db: Db): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const big = pg ? 'bigint' : 'integer';
  // Working hours of a business (department_id null) or of one department (none: as the business).
  // A business without a row is always open. `week` and `holidays` are JSON (contracts/working-hours.ts).
  await db.schema
    .createTable('working_hours')
    .addColumn('id', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('business_id', big, (c) => c.notNull().references('businesses.id').onDelete('cascade'))
    .addColumn('department_id', big, (c) => c.references('departments.id').onDelete('cascade'))
    .addColumn('week', 'text', (c) => c.notNull())
    .addColumn('holidays', 'text', (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('working_hours_business')
    .on('working_hours')
    .column('business_id')
    .unique()
    .where(sql.ref('department_id'), 'is', null)
    .execute();
  await db.schema
    .createIndex('working_hours_department')
    .on('working_hours')
    .column('department_id')
    .unique()
    .where(sql.ref('department_id'), 'is not', null)
    .execute();
  // When a lead last got the out-of-hours reply: once per closed period, not on every transfer.
  await db.schema
    .createTable('out_of_hours_replies')
    .addColumn('lead_id', big, (c) => c.primaryKey().references('leads.id').onDelete('cascade'))
    .addColumn('replied_at', big, (c) => c.notNull())
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('out_of_hours_replies').execute();
  await db.schema.dropTable('working_hours').execute();
}
