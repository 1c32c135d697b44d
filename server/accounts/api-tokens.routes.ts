import { ApiTokenList, CreateApiTokenBody, CreatedApiToken } from '../../contracts/accounts';
import { IdParam, Ok } from '../../contracts/common';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { requireActor } from '../http/auth';
import { presentApiToken } from './accounts.presenter';
import { createApiToken } from './create-api-token';
import { listApiTokens } from './list-api-tokens';
import { revokeApiToken } from './revoke-api-token';

/** API tokens for machines (CRMs, custom channels), managed by admins. */
export function apiTokensRoutes(app: App, ctx: AppContext): void {
  app.get('/api/v1/tokens', { schema: { tags: ['tokens'], response: { 200: ApiTokenList } } }, async (req) => {
    const rows = await listApiTokens(ctx, { actor: requireActor(req) });
    return { tokens: rows.map(presentApiToken) };
  });

  app.post('/api/v1/tokens', { schema: { tags: ['tokens'], body: CreateApiTokenBody, response: { 201: CreatedApiToken } } }, async (req, reply) => {
    const { token, secret } = await createApiToken(ctx, { actor: requireActor(req), ...req.body });
    return reply.status(201).send({ token: presentApiToken(token), secret });
  });

  app.delete('/api/v1/tokens/:id', { schema: { tags: ['tokens'], params: IdParam, response: { 200: Ok } } }, async (req) => {
    await revokeApiToken(ctx, { actor: requireActor(req), tokenId: req.params.id });
    req.server.forgetApiTokens(); // takes effect at once in this process
    return { ok: true as const };
  });
}
