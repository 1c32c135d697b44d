// The one interface a table of jobs implements for the runner (bot_jobs, outbox; Telegram next).

/**
 * A queue of jobs in the database. Every method that writes is a compare-and-set, so any number of
 * processes may run the same queue: a job is held by at most one of them at a time.
 */
export interface JobQueue<Job> {
  /** For logs and metrics (the `queue` label). */
  readonly name: string;
  id(job: Job): number;
  /** Jobs of one key run one after another, in id order (a lead's messages). */
  key(job: Job): number;
  /** Jobs counted against maxPerGroup (a channel), if the runner caps groups. */
  group?(job: Job): number;
  /** Failed attempts so far (the back-off's n). */
  attempts(job: Job): number;
  /** The job's `locked_until` when listed: above 0, an earlier holder's lease expired unfinished (a takeover). */
  heldUntil(job: Job): number;
  /**
   * Jobs due at `now`, oldest first, only the head of each key's queue, none held by a live lease,
   * none of the skipped groups.
   */
  listDue(now: number, limit: number, skipGroups: readonly number[]): Promise<Job[]>;
  /** Takes the job until `until` if it is still as listed and its lease has expired; false when another worker has it. */
  claim(job: Job, now: number, until: number): Promise<boolean>;
  /** Moves our lease from `held` to `until`; false when the job is no longer held with `held` (taken over or finished). */
  renew(job: Job, held: number, until: number): Promise<boolean>;
  /**
   * Records a failed attempt, fenced on `held`: retry at `retryAt`, or give up when it is null.
   * False when the lease was lost. Absent when the handler records its own failures (the outbox).
   */
  fail?(job: Job, f: { held: number; error: string; retryAt: number | null }): Promise<boolean>;
}
