import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody, ErrorCode } from '../../contracts/errors';
import { AppError } from '../errors';

/** HTTP status per error code; the compiler checks the table covers every code. */
export const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  already_taken: 409,
  invalid_state: 409,
  setup_done: 409,
  payload_too_large: 413,
  unsupported_type: 415,
  too_many_requests: 429,
  internal: 500,
};

/** Fastify's (and its plugins') own 4xx statuses that keep their meaning; any other is a validation failure. */
const FRAMEWORK_CODES: Partial<Record<number, ErrorCode>> = { 404: 'not_found', 413: 'payload_too_large', 415: 'unsupported_type' };

function body(code: ErrorCode, message: string, details?: { path: string; message: string }[], params?: Record<string, string | number>): ErrorBody {
  return { error: { code, message, ...(details ? { details } : {}), ...(params ? { params } : {}) } };
}

/** The one place errors become responses: `{ error: { code, message, details?, params? } }`. */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof AppError) {
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
