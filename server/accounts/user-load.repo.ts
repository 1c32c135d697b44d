import type { Executor } from '../storage/db';

/** Each user's active dialogs now (absent: none), for the users list's load column. */
export async function activeDialogCounts(db: Executor, businessId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('dialog_members')
    .innerJoin('dialogs', 'dialogs.id', 'dialog_members.dialog_id')
    .select(['dialog_members.user_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('dialog_members.business_id', '=', businessId)
    .where('dialog_members.left_at', 'is', null)
    .where('dialogs.state', '=', 'active')
    .groupBy('dialog_members.user_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.user_id), Number(r.n)]));
}
