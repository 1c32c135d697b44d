import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { hostOf, resolvePublic, systemLookup, type Lookup, type TargetRefusal } from './address-guard';

// The one way the server calls a URL someone else chose (webhooks, bot scripts' http.*).
//
// The address checked is the address connected to: the guard runs inside the lookup that the
// connection itself calls (node:http's `lookup` option, passed down to net.connect), so there is no
// second resolution a DNS-rebinding host could answer differently. An IP literal never reaches that
// lookup, so it is judged before connecting. node:http rather than an undici Agent with
// `connect.lookup`: no dependency beyond Node, and the body is a plain stream we can count and cut.
// A fresh connection per request (no agent): no socket is shared between businesses. Redirects are
// returned, never followed (a Location could point anywhere). Time is capped from the start
// (lookup included) to the last byte; request and response sizes are capped.

export interface OutboundRequest {
  method: string;
  url: URL;
  /** Lower-case names; hop-by-hop and framing headers are dropped (Node frames the request). */
  headers?: Record<string, string>;
  body?: Buffer | string;
}

export interface OutboundOptions {
  /** Allow loopback, private and link-local targets (the installation's or the business's setting). */
  allowPrivate: boolean;
  /** From the start of the request to the last byte of the response. */
  timeoutMs: number;
  /** Response body bytes kept. */
  maxResponseBytes: number;
  /** Past maxResponseBytes: fail with response_too_large (default), or keep the first bytes and hang up. */
  overflow?: 'fail' | 'truncate';
  maxRequestBytes: number;
  /** Resolves host names (tests pass their own); the system resolver by default. */
  lookup?: Lookup | undefined;
}

export interface OutboundResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /** True when the body was cut at maxResponseBytes (overflow: 'truncate'). */
  truncated: boolean;
}

export type OutboundErrorCode =
  | 'bad_url' // not http or https
  | 'refused' // a private, loopback or link-local target (see detail.refusal)
  | 'unresolved' // the host name does not resolve (see detail.refusal)
  | 'timeout'
  | 'request_too_large'
  | 'response_too_large'
  | 'failed'; // the connection or the exchange broke (see cause)

/** Why a request was not sent or did not complete; callers word it for their audience. */
export class OutboundHttpError extends Error {
  constructor(
    readonly code: OutboundErrorCode,
    message: string,
    readonly detail: { refusal?: TargetRefusal; cause?: string } = {},
  ) {
    super(message);
    this.name = 'OutboundHttpError';
  }
}

const DROPPED = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'proxy-authorization',
  'proxy-connection',
  'accept-encoding',
]);

/**
 * Sends one request and reads the whole (capped) answer. Resolves with any status, redirects
 * included; rejects only with an OutboundHttpError, and never connects to an address the guard
 * refused unless private targets are allowed.
 */
export async function sendOutbound(req: OutboundRequest, o: OutboundOptions): Promise<OutboundResponse> {
  const { url } = req;
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new OutboundHttpError('bad_url', `only http and https URLs are allowed, not ${url.protocol}`);
  const body = typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body;
  if (body && body.byteLength > o.maxRequestBytes)
    throw new OutboundHttpError('request_too_large', `the request body is larger than ${o.maxRequestBytes} bytes`);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) if (!DROPPED.has(k.toLowerCase())) headers[k.toLowerCase()] = v;
  const lookup = o.lookup ?? systemLookup;
  const host = hostOf(url);
  if (!o.allowPrivate && isIP(host)) {
    const r = await resolvePublic(host, lookup);
    if (!r.ok) throw refusedError(r.refusal);
  }

  return new Promise<OutboundResponse>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: { ok: true; res: OutboundResponse } | { ok: false; err: unknown }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (outcome.ok) resolve(outcome.res);
      else reject(asOutboundError(outcome.err));
    };
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, {
      method: req.method,
      headers,
      agent: false,
      lookup: connectionLookup(lookup, o.allowPrivate),
    });
    const timer = setTimeout(() => {
      const err = new OutboundHttpError('timeout', `no complete answer within ${o.timeoutMs} ms`);
      settle({ ok: false, err });
      request.destroy(err);
    }, o.timeoutMs);
    request.on('error', (err) => settle({ ok: false, err }));
    request.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = (truncated: boolean) =>
        settle({ ok: true, res: { status: res.statusCode ?? 0, headers: flatten(res.headers), body: Buffer.concat(chunks), truncated } });
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        const room = o.maxResponseBytes - size;
        size += chunk.byteLength;
        if (chunk.byteLength <= room) return void chunks.push(chunk);
        if (o.overflow === 'truncate') {
          chunks.push(chunk.subarray(0, room));
          done(true);
          request.destroy();
          return;
        }
        const err = new OutboundHttpError('response_too_large', `the response is larger than ${o.maxResponseBytes} bytes`);
        settle({ ok: false, err });
        request.destroy(err);
      });
      res.on('error', (err) => settle({ ok: false, err }));
      res.on('end', () => done(false));
    });
    request.end(body);
  });
}

function refusedError(r: TargetRefusal): OutboundHttpError {
  if (r.reason === 'unresolved') return new OutboundHttpError('unresolved', `cannot resolve ${r.host}: ${r.cause}`, { refusal: r });
  return new OutboundHttpError('refused', `refused: ${r.host} resolves to ${r.address}, a private, loopback or link-local address`, { refusal: r });
}

function asOutboundError(err: unknown): OutboundHttpError {
  if (err instanceof OutboundHttpError) return err;
  const code = (err as { code?: string }).code;
  return new OutboundHttpError('failed', `request failed: ${code ?? (err as Error).message}`, { cause: code ?? (err as Error).message });
}

function flatten(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/**
 * The lookup the connection itself calls: one resolution, and (unless private targets are allowed)
 * a refusal when any address is not public, so what is checked is what is connected to.
 */
function connectionLookup(lookup: Lookup, allowPrivate: boolean): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (err: Error | null, address?: unknown, family?: number) => void) => {
    const answer = (addresses: string[]) => {
      if (options.all)
        return callback(
          null,
          addresses.map((address) => ({ address, family: isIP(address) })),
        );
      return callback(null, addresses[0], isIP(addresses[0]!));
    };
    const resolved: Promise<{ ok: true; addresses: string[] } | { ok: false; refusal: TargetRefusal }> = allowPrivate
      ? lookup(hostname).then(
          (addresses) => (addresses.length ? { ok: true, addresses } : { ok: false, refusal: { reason: 'unresolved', host: hostname, cause: 'no addresses' } }),
          (err: { code?: string }) => ({ ok: false, refusal: { reason: 'unresolved', host: hostname, cause: err.code ?? String(err) } }),
        )
      : resolvePublic(hostname, lookup);
    resolved.then(
      (r) => (r.ok ? answer(r.addresses) : callback(refusedError(r.refusal))),
      (err: Error) => callback(err),
    );
  }) as LookupFunction;
}
