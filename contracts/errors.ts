import { z } from 'zod';

/** The closed set of error codes any Metadesk API can answer with. */
export const ERROR_CODES = [
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'csrf_failed',
  'not_found',
  'conflict',
  /** A clientMessageId (retry key) was already used for other content: a client bug, never retry as is. */
  'idempotency_conflict',
  'already_taken',
  'invalid_state',
  'too_many_requests',
  'payload_too_large',
  /** The request's headers (cookies included) are over the HTTP parser's limit (16 KiB): 431. */
  'headers_too_large',
  'unsupported_type',
  'setup_done',
  /** A messenger's API (Telegram) could not be reached or refused a call the request needed: 502; try again. */
  'upstream_failed',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Every error body: `{ error: { code, message, details?, params? } }`; `code` is stable, `message` is English. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    /** Human-readable, names the field or the rule that failed. */
    message: z.string(),
    /** For validation errors: one entry per failing field. */
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    /** Values the message is about (a file name, a limit), so a client can word it in its own language. */
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
