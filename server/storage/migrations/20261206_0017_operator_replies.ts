// Frozen: a migration never changes once released and imports nothing from the app.
import type { Kysely } from 'kysely';

type Db = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- migrations are untyped by design

export async function up(db: Db): Promise<void> {
  // The live monitor's "last reply" per operator: the newest of their messages that are not internal
  // notes, found in the index rather than by reading the business's whole history. Only operators'
  // messages and notes carry author_user_id, so the index leaves the leads' and bots' messages out.
  await db.schema
    .createIndex('messages_operator_replies')
    .on('messages')
    .columns(['author_user_id', 'internal', 'created_at'])
    .where('author_user_id', 'is not', null)
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('messages_operator_replies').execute();
}
