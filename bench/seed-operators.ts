import type { Executor } from '../server/storage/db';

/** Inserts `count` Online operators of the business in bulk (benches seed thousands); returns their ids. */
export async function seedOperators(tx: Executor, businessId: number, count: number, o: { maxDialogs: number; at: number }): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const u = await tx
      .insertInto('users')
      .values({
        business_id: businessId,
        email: `op${i}@bench.test`,
        name: `Operator ${i}`,
        password_hash: 'x',
        roles: JSON.stringify(['operator']),
        status: 'online',
        max_dialogs: o.maxDialogs,
        disabled: 0,
        created_at: o.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(Number(u.id));
  }
  return ids;
}
