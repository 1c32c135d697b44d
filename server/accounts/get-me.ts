import { AppError } from '../errors';
import type { Db } from '../storage/db';
import type { Actor } from '../shared/actor';
import { loadMe, type MeRecord } from './me';
import { findSessionCsrfToken } from './sessions.repo';

/** The signed-in user and their session's CSRF token (the web app reads it after a reload). */
export async function getMe(
  deps: { db: Db },
  input: { actor: Extract<Actor, { kind: 'user' }>; sessionId: string },
): Promise<{ me: MeRecord; csrfToken: string }> {
  const { actor, sessionId } = input;
  const csrfToken = await findSessionCsrfToken(deps.db, sessionId, actor.userId);
  const me = await loadMe(deps.db, actor.businessId, actor.userId);
  if (!csrfToken || !me) throw new AppError('unauthenticated', 'The session has ended; sign in again');
  return { me, csrfToken };
}
