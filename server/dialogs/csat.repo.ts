import type { Executor } from '../storage/db';
import type { CsatAwaiting, Dialog } from '../storage/schema';

/** The closed dialog now awaits the lead's next message as `awaiting` until `until` (null: nothing awaited). */
export async function setCsatAwaiting(tx: Executor, dialogId: number, awaiting: CsatAwaiting | null, until: number | null): Promise<void> {
  await tx.updateTable('dialogs').set({ csat_awaiting: awaiting, csat_until: until }).where('id', '=', dialogId).execute();
}

/** Ends any wait of the dialog's survey (a no-op when nothing is awaited). */
export async function endCsatWait(tx: Executor, dialogId: number): Promise<void> {
  await tx.updateTable('dialogs').set({ csat_awaiting: null, csat_until: null }).where('id', '=', dialogId).where('csat_awaiting', 'is not', null).execute();
}

/** Compare-and-set: stores the rating only if the dialog has none (the first one wins); undefined when it had one. */
export function rateIfUnrated(
  tx: Executor,
  dialogId: number,
  r: { score: number; now: number; next: { awaiting: CsatAwaiting | null; until: number | null } },
): Promise<Dialog | undefined> {
  return tx
    .updateTable('dialogs')
    .set({ rating: r.score, rated_at: r.now, csat_awaiting: r.next.awaiting, csat_until: r.next.until })
    .where('id', '=', dialogId)
    .where('rating', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Stores the comment of a rated dialog, and ends the wait for it. */
export async function setRatingComment(tx: Executor, dialogId: number, comment: string): Promise<void> {
  await tx.updateTable('dialogs').set({ rating_comment: comment, csat_awaiting: null, csat_until: null }).where('id', '=', dialogId).execute();
}
