import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress, systemLookup, type Lookup } from '../channels/api/webhook-guard';
import type { HostFn, Json } from './sandbox.types';

// The `http` namespace user code gets: http.get(url, {headers}), http.post(url, body, {headers}),
// http.request({method, url, headers, body}), each resolving to {status, headers, body, json?}.
// Create one per run: its request budget is per instance.
//
// Guarding: only http and https; no private, loopback or link-local targets unless the business
// allows them. The address check runs inside the connection's own DNS lookup, so the address checked
// is the address connected to (no DNS-rebinding window between a check and a second resolution).
// Redirects are returned, not followed (a Location could point anywhere; a follow-up call is checked
// again). Time, response size, request size and the number of requests are capped.

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
// Hop-by-hop and framing headers are Node's business; accept-encoding is dropped so bodies arrive as text.
const DROPPED = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect', 'proxy-authorization', 'proxy-connection', 'accept-encoding']);

/** The `http` host namespace for one run. */
export function createHttpApi(o: HttpClientOptions): { get: HostFn; post: HostFn; request: HostFn } {
  const opts = {
    allowPrivate: o.allowPrivate,
    timeoutMs: o.timeoutMs ?? 5000,
    maxResponseBytes: o.maxResponseBytes ?? 1024 * 1024,
    maxRequestBytes: o.maxRequestBytes ?? 256 * 1024,
    lookup: o.lookup ?? systemLookup,
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

type Settings = Required<Omit<HttpClientOptions, 'maxRequests'>>;

async function send(o: Settings, method: Json | undefined, target: Json | undefined, headerArg: Json | undefined, bodyArg: Json | undefined): Promise<HttpResponse> {
  const verb = typeof method === 'string' ? method.toUpperCase() : 'GET';
  if (!METHODS.has(verb)) throw new HttpError('http_bad_request', `unsupported method ${String(method)}`);
  let url: URL;
  try {
    url = new URL(String(target));
  } catch {
    throw new HttpError('http_bad_request', `not a URL: ${String(target).slice(0, 200)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new HttpError('http_refused', `only http and https URLs are allowed, not ${url.protocol}`);

  const headers: Record<string, string> = {};
  if (headerArg !== undefined && headerArg !== null) {
    if (typeof headerArg !== 'object' || Array.isArray(headerArg)) throw new HttpError('http_bad_request', 'headers must be an object of strings');
    for (const [k, v] of Object.entries(headerArg)) {
      if (typeof v !== 'string' && typeof v !== 'number') throw new HttpError('http_bad_request', `header ${k} must be a string`);
      if (!DROPPED.has(k.toLowerCase())) headers[k.toLowerCase()] = String(v);
    }
  }
  let body: Buffer | undefined;
  if (bodyArg !== undefined && bodyArg !== null && verb !== 'GET' && verb !== 'HEAD') {
    if (typeof bodyArg === 'string') body = Buffer.from(bodyArg, 'utf8');
    else {
      body = Buffer.from(JSON.stringify(bodyArg), 'utf8');
      headers['content-type'] ??= 'application/json; charset=utf-8';
    }
    if (body.byteLength > o.maxRequestBytes) throw new HttpError('http_too_large', `the request body is larger than ${o.maxRequestBytes} bytes`);
  }

  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  // An IP literal never goes through the lookup below, so it is judged here.
  if (!o.allowPrivate && isIP(host) && isPrivateAddress(host)) throw refused(host, host);

  return new Promise<HttpResponse>((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, {
      method: verb,
      headers,
      agent: false, // a fresh connection per request: no socket shared between runs or businesses
      lookup: o.allowPrivate ? undefined : guardedLookup(o.lookup),
    });
    const timer = setTimeout(() => req.destroy(new HttpError('http_timeout', `no complete answer within ${o.timeoutMs} ms`)), o.timeoutMs);
    const fail = (err: unknown) => {
      clearTimeout(timer);
      reject(err instanceof HttpError ? err : new HttpError('http_failed', `request failed: ${(err as { code?: string }).code ?? (err as Error).message}`));
    };
    req.on('error', fail);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.byteLength;
        if (size > o.maxResponseBytes) req.destroy(new HttpError('http_too_large', `the response is larger than ${o.maxResponseBytes} bytes`));
        else chunks.push(chunk);
      });
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        resolve(present(res, Buffer.concat(chunks).toString('utf8')));
      });
    });
    req.end(body);
  });
}

function present(res: http.IncomingMessage, body: string): HttpResponse {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const out: HttpResponse = { status: res.statusCode ?? 0, headers, body };
  if (/\bjson\b/i.test(headers['content-type'] ?? '')) {
    try {
      out.json = JSON.parse(body) as Json;
    } catch {
      // Says JSON, is not: the text is still in body.
    }
  }
  return out;
}

function refused(host: string, address: string): HttpError {
  const what = address === host ? `${host} is` : `${host} resolves to ${address},`;
  return new HttpError('http_refused', `refused: ${what} a private, loopback or link-local address (the business's settings can allow it)`);
}

/** A lookup for the connection itself that refuses the host if any of its addresses is not public. */
function guardedLookup(lookup: Lookup): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (err: Error | null, address?: unknown, family?: number) => void) => {
    lookup(hostname).then(
      (addresses) => {
        if (addresses.length === 0) return callback(new HttpError('http_failed', `cannot resolve ${hostname}`));
        const bad = addresses.find(isPrivateAddress);
        if (bad !== undefined) return callback(refused(hostname, bad));
        if (options.all) return callback(null, addresses.map((address) => ({ address, family: isIP(address) })));
        return callback(null, addresses[0], isIP(addresses[0]!));
      },
      (err: { code?: string }) => callback(new HttpError('http_failed', `cannot resolve ${hostname}: ${err.code ?? String(err)}`)),
    );
  }) as LookupFunction;
}
