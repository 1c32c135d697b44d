// Frozen: a migration never changes once released and imports nothing from the app.
import { PostgresAdapter, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations are untyped by design

export async function up(db: Db): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const big = pg ? 'bigint' : 'integer';

  // A messenger's credentials (a Telegram bot's token): kept apart from `config`, which is shown to
  // admins, so that no presenter, export or log of a channel's settings can carry it.
  await db.schema.alterTable('channels').addColumn('credentials', 'text').execute();
  // A web widget's public key (in the snippet on the customer's site): how a visitor's browser names
  // the channel. Unique across the installation.
  await db.schema.alterTable('channels').addColumn('public_key', 'text').execute();
  await db.schema.createIndex('channels_public_key').on('channels').column('public_key').unique().execute();

  // A lead the messenger says cannot be reached (it blocked the Telegram bot): its deliveries stop
  // failing for days and the operator sees why. Cleared when the lead writes again.
  await db.schema.alterTable('leads').addColumn('unreachable_at', big).execute();
  await db.schema.alterTable('leads').addColumn('unreachable_reason', 'text').execute();

  // Long polling (a Telegram bot without a public webhook address): one poller per channel across
  // every server process, by lease, and the offset of the next update to ask for. The offset moves
  // only after the updates before it are stored.
  await db.schema
    .createTable('channel_pollers')
    .addColumn('channel_id', big, (c) => c.primaryKey().references('channels.id').onDelete('cascade'))
    .addColumn('holder', 'text')
    .addColumn('locked_until', big, (c) => c.notNull().defaultTo(0))
    .addColumn('update_offset', big, (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('channel_pollers').execute();
  await db.schema.alterTable('leads').dropColumn('unreachable_reason').execute();
  await db.schema.alterTable('leads').dropColumn('unreachable_at').execute();
  await db.schema.dropIndex('channels_public_key').execute();
  await db.schema.alterTable('channels').dropColumn('public_key').execute();
  await db.schema.alterTable('channels').dropColumn('credentials').execute();
}
