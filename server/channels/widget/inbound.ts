// The web widget's way in: /api/widget/v1 for visitors' browsers on customers' sites (CORS, a
// visitor token instead of a session, rate limited), /widget.js itself, and the demo page.
import fs from 'node:fs';
import path from 'node:path';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { LIMITS } from '../../../contracts/limits';
import {
  WidgetMessageList,
  WidgetMessagesQuery,
  WidgetSendBody,
  WidgetSent,
  WidgetSession,
  WidgetSessionBody,
  WidgetSocketQuery,
  WidgetUploaded,
  WIDGET_CLOSE,
} from '../../../contracts/widget';
import { AppError, badInput } from '../../errors';
import type { App } from '../../http/app-type';
import { PROJECT_ROOT } from '../../paths';
import { listVisitorMessages, sendVisitorMessage, startSession, uploadVisitorFile, visitorOf, type WidgetDeps } from './visitor';

const PREFIX = '/api/widget/v1';
const tags = ['widget'];
/** The widget's own credentials: a visitor token as a bearer, never a session or an API token. */
const visitorRoute = { public: true, ownCredentials: true } as const;

/**
 * Browsers call these from any site's page: CORS is answered for every origin (no cookies are ever
 * involved: the credential is the visitor token), and each channel's allowed sites are enforced by
 * the use cases from the Origin header, which a page cannot forge.
 */
export async function widgetRoutes(app: App, deps: WidgetDeps): Promise<void> {
  await app.register(async (scope) => {
    const api = scope.withTypeProvider<ZodTypeProvider>();
    scope.addHook('onRequest', async (req, reply) => {
      cors(req, reply);
    });
    await scope.register(multipart, { limits: { fileSize: LIMITS.attachmentBytes + 1, files: 1, fields: 5, fieldSize: 1024, parts: 6 } });
    scope.addHook('onSend', async (req, reply) => {
      if (!req.raw.readableEnded) reply.header('connection', 'close');
    });

    api.options(`${PREFIX}/*`, { config: visitorRoute, schema: { hide: true } }, async (_req, reply) => reply.status(204).send());

    api.post(
      `${PREFIX}/sessions`,
      {
        config: { ...visitorRoute, rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: "Start or resume a widget visitor's conversation (the widget calls this on every page load)",
          security: [],
          body: WidgetSessionBody,
          response: { 200: WidgetSession },
        },
      },
      async (req) => startSession(deps, { key: req.body.key, token: req.body.token, origin: req.headers.origin }),
    );

    api.get(
      `${PREFIX}/messages`,
      {
        config: { ...visitorRoute, rateLimit: { max: 120, timeWindow: '1 minute', keyGenerator: byVisitor } },
        schema: {
          tags,
          summary: "The visitor's conversation (Authorization: Bearer <visitor token>)",
          security: [],
          querystring: WidgetMessagesQuery,
          response: { 200: WidgetMessageList },
        },
      },
      async (req) => listVisitorMessages(deps, await visitor(deps, req), req.query),
    );

    api.post(
      `${PREFIX}/messages`,
      {
        config: { ...visitorRoute, rateLimit: { max: 30, timeWindow: '1 minute', keyGenerator: byVisitor } },
        schema: { tags, summary: 'The visitor writes (idempotent by clientMessageId)', security: [], body: WidgetSendBody, response: { 200: WidgetSent } },
      },
      async (req) => sendVisitorMessage(deps, await visitor(deps, req), req.body),
    );

    api.post(
      `${PREFIX}/attachments`,
      {
        config: { ...visitorRoute, rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: byVisitor } },
        schema: {
          tags,
          summary: 'The visitor uploads a file to send with its next message (multipart/form-data, one file field)',
          security: [],
          consumes: ['multipart/form-data'],
          response: { 201: WidgetUploaded },
        },
      },
      async (req, reply) => {
        const who = await visitor(deps, req);
        const part = await req.file();
        if (!part) throw badInput('body.file', 'send one file in a multipart/form-data field');
        const attachment = await uploadVisitorFile(deps, who, { name: part.filename, mime: part.mimetype, content: part.file });
        return reply.status(201).send({ attachment });
      },
    );

    api.get(
      `${PREFIX}/socket`,
      {
        websocket: true,
        config: visitorRoute,
        schema: { querystring: WidgetSocketQuery, hide: true },
      },
      // A refused visitor gets the socket and at once a close code saying why (a browser sees no
      // HTTP status of a refused upgrade): 4001 the token is not valid (start a new session), 4003
      // this site may not use the chat.
      async (socket, req) => {
        try {
          const who = await visitorOf(deps, { token: req.query.token, origin: req.headers.origin, language: null });
          deps.hub.connect(socket, {
            businessId: who.channel.business_id,
            channelId: who.channel.id,
            messengerId: `w_${who.visitor.visitorId}`,
            after: req.query.after ?? 0,
          });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          socket.close(err.code === 'unauthenticated' ? WIDGET_CLOSE.badToken : WIDGET_CLOSE.siteNotAllowed, err.message.slice(0, 120));
        }
      },
    );
  });

  widgetScriptRoutes(app);
}

function visitor(deps: WidgetDeps, req: FastifyRequest) {
  const auth = req.headers.authorization;
  return visitorOf(deps, {
    token: auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined,
    origin: req.headers.origin,
    language: firstLanguage(req.headers['accept-language']),
  });
}

/** Rate limits count per visitor (by its token), so one noisy visitor cannot use up a whole office's address. */
function byVisitor(req: FastifyRequest): string {
  const auth = req.headers.authorization ?? '';
  return auth.startsWith('Bearer ') ? `v:${auth.slice(7, 80)}` : `ip:${req.ip}`;
}

function firstLanguage(header: string | undefined): string | null {
  const tag = header?.split(',')[0]?.split(';')[0]?.trim();
  return tag && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(tag) ? tag : null;
}

function cors(req: FastifyRequest, reply: FastifyReply): void {
  const origin = req.headers.origin;
  reply.header('access-control-allow-origin', origin ?? '*');
  reply.header('vary', 'Origin');
  reply.header('access-control-allow-methods', 'GET, POST, OPTIONS');
  reply.header('access-control-allow-headers', 'authorization, content-type');
  reply.header('access-control-max-age', '600');
  // Helmet's same-origin default would stop other sites' pages from reading these answers.
  reply.header('cross-origin-resource-policy', 'cross-origin');
}

const WIDGET_FILE = path.join(PROJECT_ROOT, 'widget/dist/widget.js');

/** /widget.js (the snippet loads it from any site) and /demo/widget (a page that talks to the demo business's bot). */
function widgetScriptRoutes(app: FastifyInstance): void {
  app.get('/widget.js', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    // Read on each request (it is small and cached by browsers): a rebuilt widget is served at once.
    const script = fs.existsSync(WIDGET_FILE) ? await fs.promises.readFile(WIDGET_FILE) : null;
    if (!script) return reply.status(404).type('text/plain').send('The widget is not built: run `npm run build:widget` (npm start does it)');
    return reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('access-control-allow-origin', '*')
      .send(script);
  });
}
