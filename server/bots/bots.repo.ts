import type { Selectable } from 'kysely';
import type { Executor } from '../storage/db';
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

export function insertBot(db: Executor, b: { businessId: number; name: string; createdAt: number }): Promise<Bot> {
  return db
    .insertInto('bots')
    .values({ business_id: b.businessId, name: b.name, created_at: b.createdAt })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Renames a bot of this business; undefined when there is no such bot there. */
export function renameBot(db: Executor, businessId: number, botId: number, name: string): Promise<Bot | undefined> {
  return db
    .updateTable('bots')
    .set({ name })
    .where('id', '=', botId)
    .where('business_id', '=', businessId)
    .returningAll()
    .executeTakeFirst();
}
