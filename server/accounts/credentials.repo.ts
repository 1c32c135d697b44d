import { RoleList, type Role } from '../../contracts/roles';
import type { Executor } from '../storage/db';
import { parseColumn } from '../storage/json-column';

export interface SessionRow {
  userId: number;
  businessId: number;
  roles: Role[];
  name: string;
  csrfToken: string;
}

/** The live session behind a cookie token hash, with its user; null if expired, unknown or disabled. */
export async function findLiveSession(db: Executor, tokenHash: string, now: number): Promise<SessionRow | null> {
  const r = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'users.id as userId',
      'users.business_id as businessId',
      'users.roles',
      'users.name',
      'users.disabled',
      'sessions.csrf_token',
      'sessions.expires_at',
    ])
    .where('sessions.id', '=', tokenHash)
    .executeTakeFirst();
  if (!r || r.expires_at <= now || r.disabled) return null;
  return {
    userId: r.userId,
    businessId: r.businessId,
    roles: parseColumn(RoleList, r.roles, `users.roles of user ${r.userId}`),
    name: r.name,
    csrfToken: r.csrf_token,
  };
}

/** The business and roles of a live (not revoked) API token. */
export async function findLiveApiToken(db: Executor, tokenHash: string): Promise<{ tokenId: number; businessId: number; roles: Role[] } | null> {
  const r = await db.selectFrom('api_tokens').select(['id', 'business_id', 'roles', 'revoked_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
  if (!r || r.revoked_at !== null) return null;
  return { tokenId: r.id, businessId: r.business_id, roles: parseColumn(RoleList, r.roles, `api_tokens.roles of token ${r.id}`) };
}
