import { RoleList, type Role } from '../../contracts/roles';
import type { Executor } from '../storage/db';
import { parseColumn } from '../storage/json-column';

/** An API token without its hash (the hash never leaves this file). */
export interface ApiTokenRecord {
  id: number;
  businessId: number;
  name: string;
  roles: Role[];
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

const COLUMNS = ['id', 'business_id', 'name', 'roles', 'created_at', 'last_used_at', 'revoked_at'] as const;

function toRecord(r: {
  id: number;
  business_id: number;
  name: string;
  roles: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}): ApiTokenRecord {
  return {
    id: r.id,
    businessId: r.business_id,
    name: r.name,
    roles: parseColumn(RoleList, r.roles, `api_tokens.roles of token ${r.id}`),
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

/** The business's tokens, revoked ones included, oldest first. */
export async function listApiTokensOfBusiness(db: Executor, businessId: number): Promise<ApiTokenRecord[]> {
  const rows = await db.selectFrom('api_tokens').select(COLUMNS).where('business_id', '=', businessId).orderBy('id').execute();
  return rows.map(toRecord);
}

/** The token if it belongs to the business. */
export async function findApiTokenInBusiness(db: Executor, businessId: number, id: number): Promise<ApiTokenRecord | null> {
  const r = await db.selectFrom('api_tokens').select(COLUMNS).where('id', '=', id).where('business_id', '=', businessId).executeTakeFirst();
  return r ? toRecord(r) : null;
}

export async function insertApiToken(
  db: Executor,
  t: { businessId: number; name: string; tokenHash: string; roles: Role[]; createdAt: number },
): Promise<ApiTokenRecord> {
  const r = await db
    .insertInto('api_tokens')
    .values({
      business_id: t.businessId,
      name: t.name,
      token_hash: t.tokenHash,
      roles: JSON.stringify(t.roles),
      created_at: t.createdAt,
      last_used_at: null,
      revoked_at: null,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toRecord(r);
}

/** Marks the token revoked (keeping the first revocation time if it already was). */
export async function revokeApiToken(db: Executor, businessId: number, id: number, now: number): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('business_id', '=', businessId)
    .where('revoked_at', 'is', null)
    .execute();
}
