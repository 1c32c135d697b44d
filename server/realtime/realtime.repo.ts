import type { Executor } from '../storage/db';

/**
 * The latest committed seq of each business, in one query per chunk: the hub compares them with
 * what it delivered to repair bus messages that were lost while a business went quiet.
 */
export async function latestSeqs(db: Executor, businessIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (let i = 0; i < businessIds.length; i += 500) {
    const rows = await db
      .selectFrom('businesses')
      .select(['id', 'event_seq'])
      .where('id', 'in', businessIds.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(Number(r.id), Number(r.event_seq));
  }
  return out;
}
