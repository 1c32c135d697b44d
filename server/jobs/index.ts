// The jobs module's front door: what other modules may use. Everything else in this folder is
// its own business.
export { DEFAULT_BACKOFF, backoffMs, retryAt } from './backoff';
export { LeaseLost } from './lease';
export type { Lease } from './lease';
export type { JobQueue } from './queue';
export { createRunner } from './runner';
export type { Handled } from './runner';
