import type { Role } from '../../contracts/roles';
import { forbidden } from '../errors';
import type { Db } from '../storage/db';
import { canManageApiTokens } from './accounts.policy';
import type { Actor } from '../shared/actor';
import { insertApiToken, type ApiTokenRecord } from './api-tokens.repo';
import { hashSecret, newSecret } from './secrets';
import { recordAudit } from '../audit/index';

/** Issues an API token for the actor's business; admins only. The secret is returned here once; only its hash is stored. */
export async function createApiToken(
  deps: { db: Db; clock: () => number },
  input: { actor: Actor; name: string; roles: Role[] },
): Promise<{ token: ApiTokenRecord; secret: string }> {
  const { actor } = input;
  if (!canManageApiTokens(actor)) throw forbidden('Only admins can manage API tokens');
  const secret = newSecret();
  const token = await deps.db.transaction().execute(async (tx) => {
    const t = await insertApiToken(tx, {
      businessId: actor.businessId,
      name: input.name.trim(),
      tokenHash: hashSecret(secret),
      roles: input.roles,
      createdAt: deps.clock(),
    });
    await recordAudit(tx, actor, {
      action: 'api_token.create',
      target: { type: 'api_token', id: t.id },
      details: { name: t.name, roles: t.roles },
      now: deps.clock(),
    });
    return t;
  });
  return { token, secret };
}
