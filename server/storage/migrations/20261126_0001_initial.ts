// Frozen: a migration never changes once released and imports nothing from the app.
import { PostgresAdapter, type Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations are untyped by design

function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Db): Promise<void> {
  const pg = isPostgres(db);
  // Ids: integer rowid in SQLite, bigserial in PostgreSQL (read back as numbers by the pg dialect).
  const id = pg ? 'bigserial' : 'integer';
  const big = pg ? 'bigint' : 'integer';
  const idCol = (c: any) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()); // eslint-disable-line @typescript-eslint/no-explicit-any

  await db.schema
    .createTable('businesses')
    .addColumn('id', id, idCol)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('event_seq', big, (c) => c.notNull().defaultTo(0))
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', id, idCol)
    .addColumn('business_id', big, (c) => c.notNull().references('businesses.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('offline'))
    .addColumn('max_dialogs', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_business').on('users').columns(['business_id']).execute();

  await db.schema
    .createTable('departments')
    .addColumn('id', id, idCol)
    .addColumn('business_id', big, (c) => c.notNull().references('businesses.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addUniqueConstraint('departments_business_code', ['business_id', 'code'])
    .execute();

  await db.schema
    .createTable('user_departments')
    .addColumn('user_id', big, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('department_id', big, (c) => c.notNull().references('departments.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('user_departments_pk', ['user_id', 'department_id'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', big, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('business_id', big, (c) => c.notNull())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('expires_at', big, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('login_attempts')
    .addColumn('email', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', big, (c) => c.notNull())
    .addColumn('locked_until', big, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', id, idCol)
    .addColumn('business_id', big, (c) => c.notNull().references('businesses.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('last_used_at', big)
    .addColumn('revoked_at', big)
    .execute();

  await db.schema
    .createTable('bots')
    .addColumn('id', id, idCol)
    .addColumn('business_id', big, (c) => c.notNull().references('businesses.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('channels')
    .addColumn('id', id, idCol)
    .addColumn('business_id', big, (c) => c.notNull().references('businesses.id').onDelete('cascade'))
    .addColumn('bot_id', big, (c) => c.notNull().references('bots.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('webhook_url', 'text')
    .addColumn('webhook_secret', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('leads')
    .addColumn('id', id, idCol)
    .addColumn('business_id', big, (c) => c.notNull().references('businesses.id').onDelete('cascade'))
    .addColumn('bot_id', big, (c) => c.notNull())
    .addColumn('channel_id', big, (c) => c.notNull().references('channels.id').onDelete('cascade'))
    .addColumn('messenger_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('language', 'text')
    .addColumn('status', 'text')
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('bot'))
    .addColumn('current_dialog_id', big)
    .addColumn('unread_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_message_at', big)
    .addColumn('last_message_preview', 'text')
    .addColumn('last_message_author', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('is_forwarded', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('forwarded_at', big)
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('last_activity_at', big, (c) => c.notNull())
    .addUniqueConstraint('leads_channel_messenger', ['channel_id', 'messenger_id'])
    .execute();
  await db.schema.createIndex('leads_business_state_activity').on('leads').columns(['business_id', 'state', 'last_activity_at']).execute();
  await db.schema.createIndex('leads_business_activity').on('leads').columns(['business_id', 'last_activity_at']).execute();

  await db.schema
    .createTable('lead_attributes')
    .addColumn('lead_id', big, (c) => c.notNull().references('leads.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lead_attributes_pk', ['lead_id', 'name'])
    .execute();

  await db.schema
    .createTable('lead_tags')
    .addColumn('lead_id', big, (c) => c.notNull().references('leads.id').onDelete('cascade'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lead_tags_pk', ['lead_id', 'tag'])
    .execute();

  await db.schema
    .createTable('dialogs')
    .addColumn('id', id, idCol)
    .addColumn('business_id', big, (c) => c.notNull().references('businesses.id').onDelete('cascade'))
    .addColumn('lead_id', big, (c) => c.notNull().references('leads.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('department_id', big)
    .addColumn('assignee_id', big)
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('assigned_at', big)
    .addColumn('first_response_at', big)
    .addColumn('ended_at', big)
    .addColumn('end_reason', 'text')
    .addColumn('ended_by', big)
    .addColumn('return_script', 'text')
    .execute();
  await db.schema.createIndex('dialogs_business_state').on('dialogs').columns(['business_id', 'state', 'created_at']).execute();
  await db.schema.createIndex('dialogs_lead').on('dialogs').columns(['lead_id']).execute();

  await db.schema
    .createTable('dialog_members')
    .addColumn('dialog_id', big, (c) => c.notNull().references('dialogs.id').onDelete('cascade'))
    .addColumn('user_id', big, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('business_id', big, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('joined_at', big, (c) => c.notNull())
    .addColumn('left_at', big)
    .execute();
  await db.schema.createIndex('dialog_members_dialog').on('dialog_members').columns(['dialog_id', 'user_id']).execute();
  await db.schema.createIndex('dialog_members_user').on('dialog_members').columns(['user_id', 'left_at']).execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', id, idCol)
    .addColumn('business_id', big, (c) => c.notNull().references('businesses.id').onDelete('cascade'))
    .addColumn('lead_id', big, (c) => c.notNull().references('leads.id').onDelete('cascade'))
    .addColumn('dialog_id', big)
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('author_user_id', big)
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('payload', 'text')
    .addColumn('client_message_id', 'text')
    .addColumn('delivery', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('created_at', big, (c) => c.notNull())
    .addUniqueConstraint('messages_lead_client_id', ['lead_id', 'client_message_id'])
    .execute();
  await db.schema.createIndex('messages_lead_id').on('messages').columns(['lead_id', 'id']).execute();

  await db.schema
    .createTable('events')
    .addColumn('business_id', big, (c) => c.notNull())
    .addColumn('seq', big, (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('events_pk', ['business_id', 'seq'])
    .execute();
  await db.schema.createIndex('events_created').on('events').columns(['created_at']).execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', id, idCol)
    .addColumn('business_id', big, (c) => c.notNull())
    .addColumn('channel_id', big, (c) => c.notNull())
    .addColumn('lead_id', big, (c) => c.notNull())
    .addColumn('message_id', big)
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', big, (c) => c.notNull())
    .addColumn('locked_until', big, (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('first_failed_at', big)
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('done_at', big)
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_lead').on('outbox').columns(['lead_id', 'status', 'id']).execute();
}

export async function down(db: Db): Promise<void> {
  for (const t of [
    'outbox',
    'events',
    'messages',
    'dialog_members',
    'dialogs',
    'lead_tags',
    'lead_attributes',
    'leads',
    'channels',
    'bots',
    'api_tokens',
    'login_attempts',
    'sessions',
    'user_departments',
    'departments',
    'users',
    'businesses',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
