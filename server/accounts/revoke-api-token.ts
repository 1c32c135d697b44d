import { forbidden, notFound } from '../errors';
import type { Db } from '../storage/db';
import { canManageApiTokens } from './accounts.policy';
import type { Actor } from '../shared/actor';
import { findApiTokenInBusiness, revokeApiToken as markRevoked } from './api-tokens.repo';
import { recordAudit } from '../audit/index';

/**
 * Revokes an API token of the actor's business; admins only; revoking twice is harmless. Callers
 * holding a token cache must drop it (the HTTP layer calls `forgetApiTokens`).
 */
export async function revokeApiToken(deps: { db: Db; clock: () => number }, input: { actor: Actor; tokenId: number }): Promise<void> {
  const { actor, tokenId } = input;
  if (!canManageApiTokens(actor)) throw forbidden('Only admins can manage API tokens');
  await deps.db.transaction().execute(async (tx) => {
    if (!(await findApiTokenInBusiness(tx, actor.businessId, tokenId))) throw notFound('API token');
    await markRevoked(tx, actor.businessId, tokenId, deps.clock());
    await recordAudit(tx, actor, { action: 'api_token.revoke', target: { type: 'api_token', id: tokenId }, now: deps.clock() });
  });
}
