// Frozen: a migration never changes once released and imports nothing from the app.
import { PostgresAdapter, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations are untyped by design

export async function up(db: Db): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const big = pg ? 'bigint' : 'integer';

  // Service targets of a department, in seconds; null: as the business's.
  await db.schema.alterTable('departments').addColumn('first_response_target_sec', 'integer').execute();
  await db.schema.alterTable('departments').addColumn('next_response_target_sec', 'integer').execute();

  // A dialog's running targets: when the first answer is due, the next-response target in force,
  // when the answer to the lead's pending message is due, and whether each was missed.
  await db.schema.alterTable('dialogs').addColumn('first_response_due_at', big).execute();
  await db.schema.alterTable('dialogs').addColumn('next_response_sec', 'integer').execute();
  await db.schema.alterTable('dialogs').addColumn('next_response_due_at', big).execute();
  await db.schema
    .alterTable('dialogs')
    .addColumn('first_response_breached', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('dialogs')
    .addColumn('next_response_breached', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('dialogs_first_due').on('dialogs').columns(['business_id', 'first_response_due_at']).execute();
  await db.schema.createIndex('dialogs_next_due').on('dialogs').columns(['business_id', 'next_response_due_at']).execute();

  // The reporting part of the event log: one narrow row per event a report counts, written with the
  // event in the same transaction and kept with the business's data (the realtime log is pruned).
  await db.schema
    .createTable('report_events')
    .addColumn('business_id', big, (c) => c.notNull())
    .addColumn('seq', big, (c) => c.notNull())
    .addColumn('at', big, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('dialog_id', big)
    .addColumn('bot_id', big)
    .addColumn('channel_id', big)
    .addColumn('department_id', big)
    .addColumn('operator_id', big)
    .addColumn('value', big)
    // When the fact's dialog was opened (a period's dialogs are recomputed from their facts by it).
    .addColumn('opened_at', big)
    .addPrimaryKeyConstraint('report_events_pk', ['business_id', 'seq'])
    .execute();
  // Counts by when things happened (missed targets, dialogs per operator, status changes): one range per kind, read from the index alone.
  await db.schema
    .createIndex('report_events_kind_at')
    .on('report_events')
    .columns(['business_id', 'kind', 'at', 'operator_id', 'value', 'department_id', 'bot_id', 'channel_id'])
    .execute();
  await db.schema.createIndex('report_events_dialogs').on('report_events').columns(['business_id', 'opened_at', 'dialog_id']).execute();

  // Each transferred dialog as its facts tell it so far, kept up to date by those facts in their own
  // transaction: a report reads one row per dialog instead of all their facts (derived; rebuilt from
  // report_events at will).
  await db.schema
    .createTable('report_dialogs')
    .addColumn('business_id', big, (c) => c.notNull())
    .addColumn('dialog_id', big, (c) => c.notNull())
    .addColumn('opened_at', big, (c) => c.notNull())
    .addColumn('department_id', big)
    .addColumn('bot_id', big)
    .addColumn('channel_id', big)
    .addColumn('target_sec', big)
    .addColumn('assigned_at', big)
    .addColumn('responded_at', big)
    .addColumn('responder_id', big)
    .addColumn('closed_at', big)
    .addColumn('returned_at', big)
    .addColumn('last_lead_at', big)
    .addColumn('rating', big)
    .addPrimaryKeyConstraint('report_dialogs_pk', ['business_id', 'dialog_id'])
    .execute();
  await db.schema.createIndex('report_dialogs_opened').on('report_dialogs').columns(['business_id', 'opened_at']).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('report_dialogs').execute();
  await db.schema.dropTable('report_events').execute();
  await db.schema.dropIndex('dialogs_next_due').execute();
  await db.schema.dropIndex('dialogs_first_due').execute();
  for (const c of ['next_response_breached', 'first_response_breached', 'next_response_due_at', 'next_response_sec', 'first_response_due_at'])
    await db.schema.alterTable('dialogs').dropColumn(c).execute();
  await db.schema.alterTable('departments').dropColumn('next_response_target_sec').execute();
  await db.schema.alterTable('departments').dropColumn('first_response_target_sec').execute();
}
