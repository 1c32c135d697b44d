import type { Lookup } from '../net/address-guard';
import { OutboundHttpError, sendOutbound, type OutboundResponse } from '../net/outbound-http';
import type { HostFn, Json } from './sandbox.types';

// The `http` namespace user code gets: http.get(url, {headers}), http.post(url, body, {headers}),
// http.request({method, url, headers, body}), each resolving to {status, headers, body, json?}.
// Create one per run: its request budget is per instance.
//
// Guarding: the shared outbound client (server/net/outbound-http.ts): only http and https; no
// private, loopback or link-local targets unless the business allows them, checked inside the
// connection's own DNS lookup (no DNS-rebinding window); redirects returned, not followed (a
// follow-up call is checked again); time, response size and request size capped. Here: the sandbox's
// argument checks, the number of requests per run, and HttpError codes user code can tell apart.

export interface HttpClientOptions {
  /** The business's setting: may user code reach private, loopback and link-local addresses? */
  allowPrivate: boolean;
  /** Per request, connection to the last byte (default 5 s). */
  timeoutMs?: number;
  /** Response body, read as a stream and cut off past this (default 1 MB). */
  maxResponseBytes?: number;
  /** Request body (default 256 KB). */
  maxRequestBytes?: number;
  /** Requests per instance, i.e. per run (default 20). */
  maxRequests?: number;
  lookup?: Lookup;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The parsed body, when the response says it is JSON and it parses. */
  json?: Json;
}

/** A refusal or failure user code can tell apart by `code`. */
export class HttpError extends Error {
  constructor(
    readonly code: 'http_bad_request' | 'http_refused' | 'http_timeout' | 'http_too_large' | 'http_failed',
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']);

/** The `http` host namespace for one run. */
export function createHttpApi(o: HttpClientOptions): { get: HostFn; post: HostFn; request: HostFn } {
  const opts = {
    allowPrivate: o.allowPrivate,
    timeoutMs: o.timeoutMs ?? 5000,
    maxResponseBytes: o.maxResponseBytes ?? 1024 * 1024,
    maxRequestBytes: o.maxRequestBytes ?? 256 * 1024,
    lookup: o.lookup,
  };
  let left = o.maxRequests ?? 20;
  const request = async (req: Json | undefined): Promise<Json> => {
    if (left <= 0) throw new HttpError('http_refused', `at most ${o.maxRequests ?? 20} HTTP requests per run`);
    left--;
    const r = req !== null && typeof req === 'object' && !Array.isArray(req) ? req : {};
    return (await send(opts, r.method, r.url, r.headers, r.body)) as unknown as Json;
  };
  const headersOf = (options: Json | undefined): Json | undefined =>
    options !== null && typeof options === 'object' && !Array.isArray(options) ? options.headers : undefined;
  return {
    request,
    get: (url, options) => request({ method: 'GET', url: url ?? null, headers: headersOf(options) ?? null }),
    post: (url, body, options) => request({ method: 'POST', url: url ?? null, body: body ?? null, headers: headersOf(options) ?? null }),
  };
}

type Settings = Required<Omit<HttpClientOptions, 'maxRequests' | 'lookup'>> & { lookup: Lookup | undefined };

async function send(
  o: Settings,
  method: Json | undefined,
  target: Json | undefined,
  headerArg: Json | undefined,
  bodyArg: Json | undefined,
): Promise<HttpResponse> {
  const verb = typeof method === 'string' ? method.toUpperCase() : 'GET';
  if (!METHODS.has(verb)) throw new HttpError('http_bad_request', `unsupported method ${String(method)}`);
  let url: URL;
  try {
    url = new URL(String(target));
  } catch {
    throw new HttpError('http_bad_request', `not a URL: ${String(target).slice(0, 200)}`);
  }
  const headers: Record<string, string> = {};
  if (headerArg !== undefined && headerArg !== null) {
    if (typeof headerArg !== 'object' || Array.isArray(headerArg)) throw new HttpError('http_bad_request', 'headers must be an object of strings');
    for (const [k, v] of Object.entries(headerArg)) {
      if (typeof v !== 'string' && typeof v !== 'number') throw new HttpError('http_bad_request', `header ${k} must be a string`);
      headers[k.toLowerCase()] = String(v); // hop-by-hop, Host and accept-encoding are dropped by sendOutbound
    }
  }
  let body: Buffer | undefined;
  if (bodyArg !== undefined && bodyArg !== null && verb !== 'GET' && verb !== 'HEAD') {
    if (typeof bodyArg === 'string') body = Buffer.from(bodyArg, 'utf8');
    else {
      body = Buffer.from(JSON.stringify(bodyArg), 'utf8');
      headers['content-type'] ??= 'application/json; charset=utf-8';
    }
  }
  try {
    return present(await sendOutbound({ method: verb, url, headers, body }, o));
  } catch (err) {
    throw asHttpError(err);
  }
}

function present(res: OutboundResponse): HttpResponse {
  const out: HttpResponse = { status: res.status, headers: res.headers, body: res.body.toString('utf8') };
  if (/\bjson\b/i.test(res.headers['content-type'] ?? '')) {
    try {
      out.json = JSON.parse(out.body) as Json;
    } catch {
      // Says JSON, is not: the text is still in body.
    }
  }
  return out;
}

/** The shared client's failures in the words and codes user code has always seen. */
function asHttpError(err: unknown): HttpError {
  if (!(err instanceof OutboundHttpError)) return new HttpError('http_failed', `request failed: ${String(err)}`);
  const r = err.detail.refusal;
  switch (err.code) {
    case 'bad_url':
      return new HttpError('http_refused', err.message);
    case 'refused': {
      if (r?.reason !== 'private') return new HttpError('http_refused', err.message);
      const what = r.address === r.host ? `${r.host} is` : `${r.host} resolves to ${r.address},`;
      return new HttpError('http_refused', `refused: ${what} a private, loopback or link-local address (the business's settings can allow it)`);
    }
    case 'unresolved':
      return new HttpError('http_failed', err.message);
    case 'timeout':
      return new HttpError('http_timeout', err.message);
    case 'request_too_large':
    case 'response_too_large':
      return new HttpError('http_too_large', err.message);
    case 'failed':
      return new HttpError('http_failed', err.message);
  }
}
