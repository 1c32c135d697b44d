import type { Selectable } from 'kysely';
import type { Executor } from '../storage/db';
import { supportsRowLocks } from '../storage/locks';
import type { BotsTable } from '../storage/schema';

export type Bot = Selectable<BotsTable>;

/** Every bot of a business, oldest first. */
export function listBotsOfBusiness(db: Executor, businessId: number): Promise<Bot[]> {
  return db.selectFrom('bots').selectAll().where('business_id', '=', businessId).orderBy('id').execute();
}

/** A bot of this business; another business's id reads as unknown. */
export function findBot(db: Executor, businessId: number, botId: number): Promise<Bot | undefined> {
  return db.selectFrom('bots').selectAll().where('id', '=', botId).where('business_id', '=', businessId).executeTakeFirst();
}

/**
 * findBot, holding the bot's row until commit on PostgreSQL: edits of one bot's scripts and triggers
 * (unique entries, one fallback, references) are checked and written one at a time. SQLite's
 * transaction already holds the only writer.
 */
export function findBotForUpdate(tx: Executor, businessId: number, botId: number): Promise<Bot | undefined> {
  const q = tx.selectFrom('bots').selectAll().where('id', '=', botId).where('business_id', '=', businessId);
  return (supportsRowLocks(tx) ? q.forUpdate() : q).executeTakeFirst();
}

export function insertBot(db: Executor, b: { businessId: number; name: string; createdAt: number }): Promise<Bot> {
  return db
    .insertInto('bots')
    .values({ business_id: b.businessId, name: b.name, created_at: b.createdAt, start_script: null, return_script: null, transfer_script: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface BotChanges {
  name?: string | undefined;
  startScript?: string | null | undefined;
  returnScript?: string | null | undefined;
  transferScript?: string | null | undefined;
}

/** Changes a bot of this business (only the fields given); undefined when there is no such bot there. */
export function updateBotOfBusiness(db: Executor, businessId: number, botId: number, c: BotChanges): Promise<Bot | undefined> {
  const set = {
    ...(c.name !== undefined ? { name: c.name } : {}),
    ...(c.startScript !== undefined ? { start_script: c.startScript } : {}),
    ...(c.returnScript !== undefined ? { return_script: c.returnScript } : {}),
    ...(c.transferScript !== undefined ? { transfer_script: c.transferScript } : {}),
  };
  if (Object.keys(set).length === 0) return findBot(db, businessId, botId);
  return db.updateTable('bots').set(set).where('id', '=', botId).where('business_id', '=', businessId).returningAll().executeTakeFirst();
}
