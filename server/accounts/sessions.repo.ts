import type { Executor } from '../storage/db';

export interface NewSession {
  /** hashSecret(cookie token): the token itself is never stored. */
  id: string;
  userId: number;
  businessId: number;
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
}

export async function insertSession(db: Executor, s: NewSession): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ id: s.id, user_id: s.userId, business_id: s.businessId, csrf_token: s.csrfToken, created_at: s.createdAt, expires_at: s.expiresAt })
    .execute();
}

/** The CSRF token of the user's session, or null if the session is gone. */
export async function findSessionCsrfToken(db: Executor, sessionId: string, userId: number): Promise<string | null> {
  const r = await db.selectFrom('sessions').select('csrf_token').where('id', '=', sessionId).where('user_id', '=', userId).executeTakeFirst();
  return r?.csrf_token ?? null;
}

/** Ends one session of the user. */
export async function deleteSession(db: Executor, sessionId: string, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).where('user_id', '=', userId).execute();
}

/** Signs the user out everywhere, optionally keeping one session (the caller's own). */
export async function deleteSessionsOfUser(db: Executor, userId: number, keepSessionId?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSessionId) q = q.where('id', '<>', keepSessionId);
  await q.execute();
}

/** Drops sessions that expired before `now`; returns how many. */
export async function pruneExpiredSessions(db: Executor, now: number): Promise<number> {
  const r = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
