import type { Executor } from '../storage/db';
import type { PasswordLinksTable } from '../storage/schema';

export async function insertPasswordLink(
  tx: Executor,
  l: { tokenHash: string; userId: number; businessId: number; kind: PasswordLinksTable['kind']; now: number; expiresAt: number },
): Promise<void> {
  await tx
    .insertInto('password_links')
    .values({ token_hash: l.tokenHash, user_id: l.userId, business_id: l.businessId, kind: l.kind, created_at: l.now, expires_at: l.expiresAt, used_at: null })
    .execute();
}

/**
 * Uses the link once: marks it used if it is unused and unexpired (of two racing uses, one wins) and
 * returns whose it is; undefined otherwise.
 */
export async function useLink(tx: Executor, tokenHash: string, now: number): Promise<{ userId: number; businessId: number } | undefined> {
  const r = await tx
    .updateTable('password_links')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['user_id', 'business_id'])
    .executeTakeFirst();
  return r ? { userId: Number(r.user_id), businessId: Number(r.business_id) } : undefined;
}

/** The business a link belongs to (undefined for an unknown token), read before using it. */
export async function businessOfLink(db: Executor, tokenHash: string): Promise<number | undefined> {
  const r = await db.selectFrom('password_links').select('business_id').where('token_hash', '=', tokenHash).executeTakeFirst();
  return r ? Number(r.business_id) : undefined;
}

/** A new link replaces the user's unused ones. */
export async function expireLinksOf(tx: Executor, userId: number, now: number): Promise<void> {
  await tx.updateTable('password_links').set({ expires_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}
