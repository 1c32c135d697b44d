import Fastify, { type FastifyBaseLogger, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { LIMITS } from '../contracts/limits';
import type { AppContext } from './context';
import { createApiRateLimits } from './accounts/api-rate-limits';
import { createCredentials } from './accounts/credentials';
import { registerAuth } from './http/auth';
import { registerTokenRateLimit } from './http/rate-limit/token-limit';
import type { App } from './http/app-type';
import { clientErrorHandler, errorHandler, notFoundHandler } from './http/errors';
import { DOCS_CSP, securityHeaders } from './http/security-headers';
import { openapiOptions } from './http/openapi';
import { socketErrorHandler } from './realtime/socket-errors';
import { registerInputHygiene } from './http/input-hygiene';
import { registerRoutes } from './routes';
import { trackRoutes } from './http/route-list';

export type { App } from './http/app-type';

/**
 * Every schema is zod's. Given as the compilers' factories (rather than by setValidatorCompiler and
 * setSerializerCompiler, which do the same after the fact), Fastify never loads its default ones (Ajv,
 * fast-json-stringify), ~70 ms of a start. Fastify's types expect Ajv's shape, hence the cast.
 */
const ZOD_COMPILERS = { buildValidator: () => validatorCompiler, buildSerializer: () => serializerCompiler } as unknown as NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;

/** Builds the HTTP app: plugins, auth, error mapping, OpenAPI, then every module's routes. */
export async function buildApp(ctx: AppContext): Promise<App> {
  // Security headers on every answer (security-headers.ts), also on errors from before routing.
  const headers = securityHeaders(ctx.config);
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    bodyLimit: LIMITS.bodyBytes,
    genReqId: () => Math.random().toString(36).slice(2, 10),
    trustProxy: ctx.config.TRUST_PROXY,
    // A URL the router cannot decode (or a parameter over its length) answers in our shape too.
    frameworkErrors: (err, req, reply) => headers(req.raw, reply.raw, () => errorHandler(err, req, reply)),
    clientErrorHandler,
    schemaController: { compilersFactory: ZOD_COMPILERS },
  }).withTypeProvider<ZodTypeProvider>();
  trackRoutes(app);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  app.addHook('onRequest', (req, reply, done) => headers(req.raw, reply.raw, (err) => done(err instanceof Error ? err : undefined)));
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(websocket, { errorHandler: socketErrorHandler, options: { maxPayload: 64 * 1024 } });
  // The API document: operationIds, security and every error a route can answer are added in http/openapi.ts.
  await app.register(swagger, openapiOptions());
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: DOCS_CSP });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  registerAuth(app, createCredentials(ctx));
  registerTokenRateLimit(app, { counter: ctx.requestCounter, limitFor: createApiRateLimits(ctx), clock: () => ctx.clock() });
  registerInputHygiene(app);
  await registerRoutes(app, ctx);
  return app;
}
