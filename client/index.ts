// A typed Metadesk API client for machines (API tokens): openapi-fetch over the types generated from
// the API document (schema.d.ts, `npm run api:types`), and the check of a webhook's signature.
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths, webhooks } from './schema';

export type { paths, webhooks, components, operations } from './schema';
export { verifyWebhook, type VerifyOptions, type WebhookHeaders } from './verify-webhook';

/** A client whose methods take the document's paths: `GET('/api/v1/leads/{id}', { params: { path: { id } } })`. */
export type MetadeskClient = Client<paths>;

export interface MetadeskClientOptions {
  /** The installation's address, e.g. `https://desk.example.com` (no `/api` suffix: the paths carry it). */
  baseUrl: string;
  /** An API token (Settings → API tokens, or `POST /api/v1/tokens`), sent as `Authorization: Bearer`. */
  token: string;
  /** A fetch of your own (proxies, tests); the global one otherwise. */
  fetch?: ClientOptions['fetch'];
}

/** A typed client authenticated with an API token; every answer is `{ data }` or `{ error }` (the `Error` shape) with `response`. */
export function createMetadeskClient(options: MetadeskClientOptions): MetadeskClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { authorization: `Bearer ${options.token}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** The body of the `message.created` webhook: a bot's or an operator's message to a lead of an API channel. */
export type MessageCreatedWebhook = webhooks['message.created']['post']['requestBody']['content']['application/json'];

/** The document's named schemas: `Schemas['Message']`, `Schemas['InboxRow']`, `Schemas['LeadCard']` … */
export type Schemas = components['schemas'];

/** The API's error body, `{ error: { code, message, details?, params? } }`: `code` is stable, see docs/api.md#errors. */
export type MetadeskError = components['schemas']['Error'];
