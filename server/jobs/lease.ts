// What a running job knows about its claim, and the two signals a handler may raise.

/**
 * The claim a worker holds on a job while it runs. The fence value is the job row's `locked_until`
 * as this worker last wrote it (claim or renewal): every write that ends the job repeats it in its
 * WHERE, so a worker whose claim was taken over writes nothing.
 */
export interface Lease {
  /** The fence value now (it moves forward with each renewal). */
  readonly until: number;
  /** Aborted when a renewal finds the job taken over: the result will be refused, stop early if you can. */
  readonly signal: AbortSignal;
  /**
   * Runs `fn` (the transaction that commits the result) with renewals paused, so the row keeps the
   * value `fn` fences on; a renewal landing between the read and the write would refuse our own commit.
   */
  fenced<T>(fn: (until: number) => Promise<T>): Promise<T>;
}

/** Thrown by a fenced write that found the job no longer held with our lease: the transaction rolls back. */
export class LeaseLost extends Error {
  constructor(
    readonly queue: string,
    readonly jobId: number,
  ) {
    super(`${queue} job ${jobId}: the lease was taken over, the result is not committed`);
    this.name = 'LeaseLost';
  }
}

/** Thrown by a handler: try again after `ms` instead of after the back-off (a 429's Retry-After). */
export class RetryAfter extends Error {
  constructor(
    readonly ms: number,
    message = `retry after ${ms} ms`,
  ) {
    super(message);
    this.name = 'RetryAfter';
  }
}
