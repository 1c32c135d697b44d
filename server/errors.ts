import type { ErrorCode } from '../contracts/errors';

/** The one application error type; its code decides the HTTP status (see http/errors.ts). */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: { path: string; message: string }[],
    /** What the message is about, for clients that word it themselves (contracts/errors.ts). */
    readonly params?: Record<string, string | number>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const forbidden = (why: string) => new AppError('forbidden', why);
export const invalidState = (why: string) => new AppError('invalid_state', why);
export const conflict = (why: string) => new AppError('conflict', why);
export const badInput = (path: string, message: string) => new AppError('validation_failed', `${path}: ${message}`, [{ path, message }]);
