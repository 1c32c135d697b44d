import { sql, type Kysely, type Transaction } from 'kysely';

// SQLite has one writer, and a commit's cost is mostly fixed: the WAL frames of the pages every
// write touches (the business's event counter, the last page of each table and index appended to)
// and the lock handover. Under load several requests reach their transaction in the same turn of the
// event loop; run one after another in one SQLite transaction, each in its own savepoint, they share
// that cost. A request is answered only after the commit that holds its writes, so an acknowledged
// write is as durable as before; a request that fails rolls back to its savepoint and the others
// commit. Alone (the usual case below a few hundred writes a second) a transaction runs as before,
// one loop turn later.

/** Most transactions one commit holds: the first waits for all of them. */
const MAX_GROUP = 32;

interface Job<DB> {
  work: (tx: Transaction<DB>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

export class GroupCommit<DB> {
  private queue: Job<DB>[] = [];
  private scheduled = false;

  /** `onCommit` hears how many transactions each commit held. */
  constructor(
    private readonly db: Kysely<DB>,
    private readonly onCommit: (size: number) => void = () => undefined,
  ) {}

  /** Runs `work` in a transaction shared with the others asked for in this turn; settles after the commit. */
  run<T>(work: (tx: Transaction<DB>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    const jobs = this.queue.splice(0, MAX_GROUP);
    if (this.queue.length > 0) setImmediate(() => void this.drain());
    else this.scheduled = false;
    const [only] = jobs;
    if (jobs.length === 1 && only) return this.alone(only);
    let settled: Settled[];
    try {
      settled = await this.together(jobs);
    } catch (error) {
      // The transaction itself failed (SQLite rolled it all back, or the commit failed): nothing of
      // it is durable, so no request of it is acknowledged.
      for (const job of jobs) job.reject(error);
      return;
    }
    this.onCommit(jobs.length);
    settled.forEach((s, i) => (s.ok ? jobs[i]!.resolve(s.value) : jobs[i]!.reject(s.error)));
  }

  private async alone(job: Job<DB>): Promise<void> {
    try {
      const value = await this.db.transaction().execute(job.work);
      this.onCommit(1);
      job.resolve(value);
    } catch (error) {
      job.reject(error);
    }
  }

  private async together(jobs: Job<DB>[]): Promise<Settled[]> {
    const trx = await this.db.startTransaction().execute();
    try {
      const settled: Settled[] = [];
      for (const job of jobs) {
        await sql`savepoint grouped`.execute(trx);
        try {
          settled.push({ ok: true, value: await job.work(trx) });
        } catch (error) {
          await sql`rollback to grouped`.execute(trx);
          settled.push({ ok: false, error });
        }
        await sql`release grouped`.execute(trx);
      }
      await trx.commit().execute();
      return settled;
    } catch (error) {
      await trx
        .rollback()
        .execute()
        .catch(() => undefined);
      throw error;
    }
  }
}
