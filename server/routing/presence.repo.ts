import type { Executor } from '../storage/db';

/** A row not renewed for this long belongs to a process that died (a living one renews every 20 s). */
export const PRESENCE_TTL_MS = 60_000;

/** Users of the business with the workspace open now (only `userId` when given). */
export async function openWorkspaces(db: Executor, businessId: number, now: number, userId?: number): Promise<Set<number>> {
  let q = db
    .selectFrom('workspace_presence')
    .select('user_id')
    .distinct()
    .where('business_id', '=', businessId)
    .where('seen_at', '>', now - PRESENCE_TTL_MS);
  if (userId !== undefined) q = q.where('user_id', '=', userId);
  return new Set((await q.execute()).map((r) => Number(r.user_id)));
}

export async function insertPresence(tx: Executor, p: { userId: number; processId: string; businessId: number; now: number }): Promise<void> {
  await deletePresence(tx, p.userId, p.processId);
  await tx.insertInto('workspace_presence').values({ user_id: p.userId, process_id: p.processId, business_id: p.businessId, seen_at: p.now }).execute();
}

export async function deletePresence(db: Executor, userId: number, processId: string): Promise<void> {
  await db.deleteFrom('workspace_presence').where('user_id', '=', userId).where('process_id', '=', processId).execute();
}

export async function deletePresenceOf(db: Executor, processId: string): Promise<void> {
  await db.deleteFrom('workspace_presence').where('process_id', '=', processId).execute();
}

export async function renewPresence(db: Executor, processId: string, now: number): Promise<void> {
  await db.updateTable('workspace_presence').set({ seen_at: now }).where('process_id', '=', processId).execute();
}
