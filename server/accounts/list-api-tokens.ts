import { forbidden } from '../errors';
import type { Db } from '../storage/db';
import { canManageApiTokens } from './accounts.policy';
import type { Actor } from '../shared/actor';
import { listApiTokensOfBusiness, type ApiTokenRecord } from './api-tokens.repo';

/** The actor's business API tokens, without secrets; admins only. */
export async function listApiTokens(deps: { db: Db }, input: { actor: Actor }): Promise<ApiTokenRecord[]> {
  if (!canManageApiTokens(input.actor)) throw forbidden('Only admins can manage API tokens');
  return listApiTokensOfBusiness(deps.db, input.actor.businessId);
}
