import { forbidden, notFound } from '../errors';
import type { Db } from '../storage/db';
import { canManageApiTokens } from './accounts.policy';
import type { Actor } from '../shared/actor';
import { findApiTokenInBusiness, revokeApiToken as markRevoked } from './api-tokens.repo';

/**
 * Revokes an API token of the actor's business; admins only; revoking twice is harmless. Callers
 * holding a token cache must drop it (the HTTP layer calls `forgetApiTokens`).
 */
export async function revokeApiToken(deps: { db: Db; clock: () => number }, input: { actor: Actor; tokenId: number }): Promise<void> {
  const { actor, tokenId } = input;
  if (!canManageApiTokens(actor)) throw forbidden('Only admins can manage API tokens');
  if (!(await findApiTokenInBusiness(deps.db, actor.businessId, tokenId))) throw notFound('API token');
  await markRevoked(deps.db, actor.businessId, tokenId, deps.clock());
}
