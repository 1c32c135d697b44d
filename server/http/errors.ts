import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody, ErrorCode } from '../../contracts/errors';
import { AppError } from '../errors';
import { API_CSP } from './security-headers';

/** HTTP status per error code; the compiler checks the table covers every code. */
export const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  idempotency_conflict: 409,
  already_taken: 409,
  invalid_state: 409,
  setup_done: 409,
  payload_too_large: 413,
  headers_too_large: 431,
  unsupported_type: 415,
  too_many_requests: 429,
  internal: 500,
  upstream_failed: 502,
};

/** Fastify's (and its plugins') own 4xx statuses that keep their meaning; any other is a validation failure. */
const FRAMEWORK_CODES: Partial<Record<number, ErrorCode>> = {
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_type',
  431: 'headers_too_large',
};

function body(code: ErrorCode, message: string, details?: { path: string; message: string }[], params?: Record<string, string | number>): ErrorBody {
  return { error: { code, message, ...(details ? { details } : {}), ...(params ? { params } : {}) } };
}

/** The one place errors become responses: `{ error: { code, message, details?, params? } }`. */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof AppError) {
    // A 429 that knows when to come back says it in the standard header too (seconds).
    const retryAfter = err.code === 'too_many_requests' ? err.params?.retryAfterSec : undefined;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    void reply.status(STATUS[err.code]).send(body(err.code, err.message, err.details, err.params));
    return;
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = err.validationContext ?? 'body';
    const details = err.validation.map((v) => {
      const path = [where, ...String(v.instancePath).split('/').filter(Boolean)].join('.');
      return { path, message: v.message ?? 'invalid' };
    });
    const message = details.map((d) => `${d.path}: ${d.message}`).join('; ');
    void reply.status(400).send(body('validation_failed', message, details));
    return;
  }
  if (err.statusCode === 429) {
    void reply.status(429).send(body('too_many_requests', 'Too many requests, slow down and retry later'));
    return;
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    // Fastify's own 4xx: malformed JSON, body too large, wrong content type.
    const code = FRAMEWORK_CODES[err.statusCode] ?? 'validation_failed';
    void reply.status(STATUS[code]).send(body(code, err.message));
    return;
  }
  req.log.error({ err }, 'unhandled error');
  void reply.status(500).send(body('internal', 'Internal error; it has been logged'));
}

export function notFoundHandler(req: FastifyRequest, reply: FastifyReply): void {
  void reply.status(404).send(body('not_found', `No route ${req.method} ${req.url.split('?')[0]}`));
}

/**
 * Errors of Node's HTTP parser, before Fastify has a request (Fastify's clientErrorHandler): headers
 * over the limit get 431 `headers_too_large`, anything unreadable 400 `validation_failed`, written on
 * the raw socket in the same shape, then the connection is closed (the parser cannot go on). A
 * client that timed out sending its headers, or has gone, gets nothing.
 */
export function clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  this.log.debug({ err }, 'client sent an unreadable request');
  // Like Node's own handler: never write into a response that has already begun.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (err.code !== 'ERR_HTTP_REQUEST_TIMEOUT' && socket.writable && !inFlight) {
    const overflow = err.code === 'HPE_HEADER_OVERFLOW';
    const code: ErrorCode = overflow ? 'headers_too_large' : 'validation_failed';
    const payload = JSON.stringify(
      overflow
        ? body(code, `Request headers are larger than ${http.maxHeaderSize} bytes`, undefined, { maxBytes: http.maxHeaderSize })
        : body(code, 'Malformed HTTP request'),
    );
    const status = STATUS[code];
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(payload)}\r\n` +
        `Content-Security-Policy: ${API_CSP}\r\n` +
        'X-Content-Type-Options: nosniff\r\n' +
        'Connection: close\r\n\r\n' +
        payload,
    );
  }
  socket.destroy(err);
}
