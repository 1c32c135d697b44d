import Fastify, { type FastifyBaseLogger } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { LIMITS } from '../contracts/limits';
import type { AppContext } from './context';
import { createCredentials } from './accounts/credentials';
import { registerAuth } from './http/auth';
import type { App } from './http/app-type';
import { clientErrorHandler, errorHandler, notFoundHandler } from './http/errors';
import { DOCS_CSP, securityHeaders } from './http/security-headers';
import { socketErrorHandler } from './realtime/socket-errors';
import { registerInputHygiene } from './http/input-hygiene';
import { registerRoutes } from './routes';
import { trackRoutes } from './http/route-list';

export type { App } from './http/app-type';

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
  }).withTypeProvider<ZodTypeProvider>();
  trackRoutes(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  app.addHook('onRequest', (req, reply, done) => headers(req.raw, reply.raw, (err) => done(err instanceof Error ? err : undefined)));
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(websocket, { errorHandler: socketErrorHandler, options: { maxPayload: 64 * 1024 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Metadesk API', version: '1', description: 'Contact center: operators take over dialogs from bots.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'md_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: DOCS_CSP });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  registerAuth(app, createCredentials(ctx));
  registerInputHygiene(app);
  await registerRoutes(app, ctx);
  return app;
}
