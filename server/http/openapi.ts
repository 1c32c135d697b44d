import fs from 'node:fs';
import { STATUS_CODES } from 'node:http';
import path from 'node:path';
import type { FastifyDynamicSwaggerOptions, OpenAPIV3_2 } from '@fastify/swagger';
import type { FastifySchema } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBody, type ErrorCode } from '../../contracts/errors';
import { MessageCreatedWebhook, WEBHOOK_HEADERS } from '../../contracts/webhooks';
import { PROJECT_ROOT } from '../paths';
import { CSRF_HEADER } from './auth';
import { STATUS } from './errors';
import { OPERATIONS, type Operation } from './operations';

// The API document (/api/openapi.json): @fastify/swagger builds it from the routes' zod schemas; this
// file adds what a generated client needs and no single route knows: operationIds, security, and every
// error a route can answer, all in the one error shape. The routes' own schemas are left as they are.

/** What each error code means, listed under every status that can carry it. */
const MEANING: Record<ErrorCode, string> = {
  validation_failed: 'the request does not match its schema or a rule of the business (`details` names each field)',
  unauthenticated: 'no valid credential: sign in or send an API token (an unknown or revoked API token is refused even where none is needed)',
  forbidden:
    "not allowed: the caller's roles or kind (person or API token) forbid it, or a public route's own check failed (a download link's signature or expiry, the widget's allowed sites)",
  csrf_failed: `a session cookie came without its \`${CSRF_HEADER}\` header on a mutating request`,
  not_found: 'what the URL names does not exist in the caller’s business',
  conflict: 'it clashes with existing data (a taken name, something still in use, a stale version)',
  idempotency_conflict: 'the clientMessageId was already used for other content: a client bug, never retry as is',
  already_taken: 'another operator took the dialog first',
  invalid_state: 'the object is not in a state that allows it (the dialog is closed, the user is deactivated …)',
  too_many_requests: 'rate limited: wait for `Retry-After` seconds',
  payload_too_large: 'the body or file is over its limit (`params.maxBytes`)',
  headers_too_large: 'the request headers are over 16 KiB',
  unsupported_type: 'the content type (of the body or the file) is not accepted',
  setup_done: 'the first administrator already exists',
  upstream_failed: "a messenger's API or the SMTP server could not be reached or refused: try again",
  internal: 'an unexpected error; it has been logged',
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const ERROR_REF = { $ref: '#/components/schemas/Error' };

interface RouteFacts {
  method: string;
  url: string;
  schema: Record<string, unknown>;
  isPublic: boolean;
  /** The route checks a credential of its own (the widget's visitor token, Telegram's secret). */
  ownCredentials: boolean;
  rateLimited: boolean;
}

/** Whether a JSON schema of a body or query has a field that refers to another object by its id. */
function namesObjects(schema: unknown): boolean {
  const s = (schema ?? {}) as { properties?: Record<string, unknown>; anyOf?: unknown[]; oneOf?: unknown[]; allOf?: unknown[] };
  const variants = [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])];
  return Object.keys(s.properties ?? {}).some((name) => /[a-z]Ids?$/.test(name)) || variants.some(namesObjects);
}

/** The errors a route can answer: the standard ones for its kind (input, credentials, URL parameters), then its own. */
function routeErrors(r: RouteFacts): ErrorCode[] {
  const op = OPERATIONS[`${r.method} ${r.url}`];
  const hasBody = r.schema.body !== undefined;
  const codes = new Set<ErrorCode>();
  if (hasBody || r.schema.querystring !== undefined || r.schema.params !== undefined) codes.add('validation_failed');
  if (!r.isPublic) {
    codes.add('unauthenticated');
    codes.add('forbidden');
    // The auth hook refuses a session cookie without its CSRF header on any mutating route, even a token-only one.
    if (!SAFE_METHODS.has(r.method)) codes.add('csrf_failed');
  } else if (!r.ownCredentials) {
    // The auth hook checks a Bearer token wherever one is sent.
    codes.add('unauthenticated');
  }
  // A URL parameter, or a field naming another object by id (`botId`, `departmentIds`), that the business lacks.
  if (r.url.includes(':') || namesObjects(r.schema.body) || namesObjects(r.schema.querystring)) codes.add('not_found');
  for (const code of op?.errors ?? []) codes.add(code);
  if (hasBody) {
    codes.add('payload_too_large');
    codes.add('unsupported_type');
  }
  // Every request with an API token to a non-public route is counted (rate-limit/token-limit.ts), even one the
  // route then refuses to tokens; public routes that say so are limited per address.
  if (r.rateLimited || !r.isPublic) codes.add('too_many_requests');
  codes.add('internal');
  return [...codes];
}

/** One response per status, each listing the codes it can carry, all with the one error schema. */
function errorResponses(codes: readonly ErrorCode[]): Record<string, unknown> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(STATUS[code], [...(byStatus.get(STATUS[code]) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      status,
      {
        description: list.map((c) => `\`${c}\`: ${MEANING[c]}`).join('; '),
        ...(status === 429 ? { headers: { 'retry-after': { type: 'integer', description: 'Seconds to wait before trying again' } } } : {}),
        content: { 'application/json': { schema: ERROR_REF } },
      },
    ]),
  );
}

/** A success answer no zod schema describes: a file of a media type, or no content. */
function success(ok: NonNullable<Operation['ok']>): Record<string, unknown> {
  if (!ok.mediaType) return { [ok.status]: { type: 'null', description: ok.description } };
  const schemaOf = (type: string) => (type === 'application/json' ? { type: 'object' } : { type: 'string', format: 'binary' });
  const content = Object.fromEntries([ok.mediaType].flat().map((type) => [type, { schema: schemaOf(type) }]));
  return { [ok.status]: { description: ok.description, content } };
}

function security(isPublic: boolean, auth: 'session' | 'token' | undefined): Record<string, string[]>[] {
  if (isPublic) return [];
  if (auth === 'session') return [{ session: [] }];
  if (auth === 'token') return [{ token: [] }];
  return [{ session: [] }, { token: [] }];
}

/** A route's own answers say what they are ("OK", "Created") where their schema has no description of its own. */
function withDescriptions(responses: Record<string, Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(responses).map(([status, s]) => [
      status,
      s.description !== undefined
        ? s
        : // A bare reference to a named schema takes the description beside it; any other schema, the extension.
          { ...s, [s.$ref ? 'description' : 'x-response-description']: STATUS_CODES[Number(status)] ?? 'The answer' },
    ]),
  );
}

const zodTransform = createJsonSchemaTransform({});
const namedSchemas = createJsonSchemaTransformObject({});

/** The routes' zod schemas as JSON schemas (fastify-type-provider-zod), plus the operation, security and errors. */
export const openapiTransform: NonNullable<FastifyDynamicSwaggerOptions['transform']> = (input) => {
  const out = zodTransform(input);
  const schema = out.schema as Record<string, unknown> | undefined;
  if (!schema || schema.hide === true || !('route' in input)) return out;
  const { route } = input;
  const method = [route.method].flat()[0] ?? 'GET';
  const config = (route.config ?? {}) as { public?: boolean; ownCredentials?: boolean; rateLimit?: unknown };
  const isPublic = config.public === true;
  const op = OPERATIONS[`${method} ${route.url}`];
  const codes = routeErrors({
    method,
    url: route.url,
    schema,
    isPublic,
    ownCredentials: config.ownCredentials === true,
    rateLimited: config.rateLimit !== undefined,
  });
  const responses = withDescriptions((schema.response ?? {}) as Record<string, Record<string, unknown>>);
  const body = schema.body as Record<string, unknown> | undefined;
  const documented = {
    ...schema,
    ...(op?.example && body ? { body: { ...body, examples: [op.example] } } : {}),
    ...(op ? { operationId: op.id, summary: schema.summary ?? op.summary, description: schema.description ?? op.description } : {}),
    security: security(isPublic, op?.auth),
    // A status the route declares itself keeps its own schema.
    response: { ...errorResponses(codes), ...(op?.ok ? success(op.ok) : {}), ...responses },
  };
  return { url: out.url, schema: documented as FastifySchema };
};

/** Module tags, in the order a reader meets them. */
const TAGS: Record<string, string> = {
  system: 'Health of the process',
  setup: 'The first run: the business and its first administrator',
  auth: 'Sign-in, sign-out, the current person and their Online/Offline switch',
  users: 'People of the business and their roles (administrators)',
  departments: 'Departments operators belong to and dialogs wait in (administrators)',
  tokens: 'API tokens for machines (administrators)',
  business: "The business's settings and its SMTP server (administrators)",
  'working hours': "The business's and departments' working hours (administrators)",
  realtime: 'Events of the business after a sequence number (the WebSocket carries the same)',
  dialogs: 'The inbox and a dialog’s lifecycle: take, assign, transfer, invite, close, return to the bot; transcripts',
  leads: 'Leads: their card, history, messages, notes, transfer to operators',
  attachments: 'Files sent in dialogs: upload and download',
  'api channel': 'The API channel: messages from your own messenger integration',
  telegram: "Telegram's webhook",
  widget: "The web widget's visitors (own visitor token)",
  bots: 'Bots, their export and import, scheduled jobs and the test console',
  scripts: "A bot's scripts, their versions and logs",
  triggers: "A bot's triggers",
  channels: 'Channels of the bots (API, Telegram, widget) and their deliveries',
  'quick-replies': "The business's canned responses",
  routing: 'Automatic distribution: the routing script, its log, the simulator',
  audit: 'Who changed what (administrators)',
  reports: 'Figures for a period, and CSV',
  monitor: 'The contact center now: operators, queues, missed targets',
};

/** The document's own fields: version from package.json (semantic, CHANGELOG.md), servers, security schemes. */
export function openapiOptions(): FastifyDynamicSwaggerOptions {
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  const error = z.toJSONSchema(ErrorBody, { target: 'draft-2020-12' });
  delete error.$schema;
  return {
    openapi: {
      // 3.1: a nullable enum is `anyOf: [enum, null]`, so a strict client accepts the null the server sends
      // (in 3.0 `nullable` does not add null to an enum).
      openapi: '3.1.0',
      info: {
        title: 'Metadesk API',
        version: pkg.version,
        description:
          'Contact center: operators take over dialogs from bots. Errors are always `{ error: { code, message, details?, params? } }` (schema `Error`); each response lists the codes its status can carry.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: '/', description: 'The installation serving this document' }],
      tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
      components: {
        schemas: { Error: error as Record<string, unknown> },
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'md_session',
            description: `The browser session set by POST /api/v1/auth/login. Every mutating request (POST, PUT, PATCH, DELETE) must also send the session's CSRF token, returned by login and GET /api/v1/me, in the \`${CSRF_HEADER}\` header, or it is refused with 403 \`csrf_failed\`.`,
          },
          token: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API token (POST /api/v1/tokens) as `Authorization: Bearer <token>`; rate limited per token.',
          },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: openapiTransform,
    // The contracts' named schemas (`.meta({ id })`: Message, Dialog, InboxRow …) become components, so a
    // generated client can name them; everything else stays inline.
    transformObject: (doc) =>
      'openapiObject' in doc
        ? { ...anyJsonForDanglingRefs(withoutUnused(namedSchemas(doc) as typeof doc.openapiObject)), webhooks: webhooks() }
        : doc.swaggerObject,
  };
}

/** What Metadesk POSTs to an API channel's webhook URL (OpenAPI 3.1 `webhooks`): the body and its signed headers. */
function webhooks(): Record<string, OpenAPIV3_2.PathItemObject> {
  const body = z.toJSONSchema(MessageCreatedWebhook, { target: 'draft-2020-12' });
  delete body.$schema;
  const header = (name: string, description: string, example: string) => ({
    name,
    in: 'header',
    required: true,
    description,
    schema: { type: 'string' as const },
    example,
  });
  return {
    'message.created': {
      post: {
        operationId: 'messageCreatedWebhook',
        summary: 'A bot or an operator wrote to a lead of an API channel',
        description:
          "POSTed to the channel's `webhookUrl` for every bot and operator message to its leads (internal notes never are), in order per lead, at least once. Verify the signature (docs/api.md, with JavaScript and Python), refuse old timestamps, dedupe on the delivery id.",
        tags: ['api channel'],
        security: [],
        parameters: [
          header(WEBHOOK_HEADERS.event, 'The event: `message.created`.', 'message.created'),
          header(WEBHOOK_HEADERS.delivery, 'The delivery, the same on every retry: dedupe on it.', '5012'),
          header(WEBHOOK_HEADERS.timestamp, 'Unix seconds when this attempt was signed.', '1764150000'),
          header(
            WEBHOOK_HEADERS.signature,
            "`sha256=` and the hex HMAC-SHA256, keyed with the channel's `webhookSecret`, of `<timestamp>.<raw body>`.",
            'sha256=5d41402abc4b2a76b9719d911017c592…',
          ),
        ],
        requestBody: { required: true, content: { 'application/json': { schema: body as Record<string, unknown> } } },
        responses: {
          '2XX': { description: 'Acknowledged: delivered.' },
          '4XX': { description: 'Not acknowledged: retried with back-off (2 s doubling to 10 min) for 3 days, then given up.' },
          '5XX': { description: 'Not acknowledged: retried as a 4XX is (so are redirects, timeouts after 10 s and refused connections).' },
        },
      },
    },
  };
}

/** Without the named schemas no operation refers to (each has an input and an output form; most are used one way). */
function withoutUnused<T extends { components?: { schemas?: Record<string, unknown> } }>(doc: T): T {
  const schemas = doc.components?.schemas ?? {};
  const used = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (v === null || typeof v !== 'object') return;
    const ref = (v as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
      const name = ref.slice(21);
      if (!used.has(name)) {
        used.add(name);
        visit(schemas[name]);
      }
    }
    Object.entries(v).forEach(([k, x]) => k !== 'components' && visit(x));
  };
  visit(doc);
  return {
    ...doc,
    components: { ...doc.components, schemas: Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name))) },
  };
}

/**
 * A recursive zod schema (`z.json()`) comes out of fastify-type-provider-zod as a `$ref` to a definition it
 * does not emit (`schema0Input`); such a value is any JSON, so the reference becomes a schema that accepts anything.
 */
function anyJsonForDanglingRefs<T>(doc: T): T {
  const known = new Set(Object.keys((doc as { components?: { schemas?: object } }).components?.schemas ?? {}));
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const ref = (v as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/schemas/') && !known.has(ref.slice(21))) return { description: 'Any JSON value' };
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
  };
  return walk(doc) as T;
}
