import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { Registry } from 'prom-client';
import { buildBot, buildBusiness, buildChannel, buildLead } from '../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { eventually } from '../../test/webhook-receiver';
import { botJobQueue, enqueueBotJob, finishJob, type BotJob } from '../bots/bot-jobs.repo';
import { LeaseLost, RetryAfter, type Lease } from './lease';
import { jobMetrics, registerJobMetrics } from './metrics';
import { createRunner, type RunnerOptions } from './runner';

/** A promise the test resolves when it wants: a job that runs "slowly" until told to finish. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => {
    open = r;
  });
  return { opened, open };
}

async function metric(m: { get(): Promise<{ values: { labels: Record<string, unknown>; value: number }[] }> }): Promise<number> {
  return (await m.get()).values.find((v) => v.labels.queue === 'bot_jobs')?.value ?? 0;
}

describe.each(await dialects())('the job runner on %s', (dialect) => {
  let rt: TestRuntime;
  let now: number;
  let lead: { id: number; business_id: number; bot_id: number };
  const log = pino({ level: 'silent' });

  beforeAll(async () => {
    rt = await testRuntime(dialect);
    const business = await buildBusiness(rt.ctx.db);
    const bot = await buildBot(rt.ctx.db, { businessId: business.id });
    const channel = await buildChannel(rt.ctx.db, { businessId: business.id, botId: bot.id });
    lead = await buildLead(rt.ctx.db, { businessId: business.id, botId: bot.id, channelId: channel.id });
  });
  afterAll(async () => {
    await rt?.dispose();
  });
  beforeEach(async () => {
    now = 1_000_000_000_000;
    await rt.ctx.db.deleteFrom('bot_jobs').execute();
    await rt.ctx.db.deleteFrom('script_logs').execute();
  });

  const enqueue = (runAt = now) =>
    enqueueBotJob(rt.ctx.db, { businessId: lead.business_id, botId: lead.bot_id, leadId: lead.id, kind: 'script', ref: 'x', runAt, now: runAt });
  const jobRow = (id: number) => rt.ctx.db.selectFrom('bot_jobs').selectAll().where('id', '=', id).executeTakeFirst();
  /** What the job did, as the rows its commits wrote: exactly one per job that was done once. */
  const effects = async () => (await rt.ctx.db.selectFrom('script_logs').select('message').orderBy('id').execute()).map((r) => r.message);

  /** The job's effect and its end, in one transaction fenced on the lease (as a bot run commits). */
  const commitAs = (who: string, job: BotJob, lease: Lease) =>
    lease.fenced((held) =>
      rt.ctx.db.transaction().execute(async (tx) => {
        await tx
          .insertInto('script_logs')
          .values({
            business_id: job.business_id,
            bot_id: job.bot_id,
            lead_id: job.lead_id,
            script: null,
            level: 'info',
            message: `${who} did job ${job.id}`,
            created_at: now,
          })
          .execute();
        await finishJob(tx, job, now, held);
      }),
    );

  const runner = (o: Partial<RunnerOptions<BotJob>> & Pick<RunnerOptions<BotJob>, 'handle'>) =>
    createRunner<BotJob>({ queue: botJobQueue(rt.ctx.db), clock: () => now, log, leaseMs: 1_000, renewMs: 10, random: () => 1, ...o });

  it('renews the lease of a slow job as time passes, so nobody else takes it, and commits once', async () => {
    const id = await enqueue();
    const slow = gate();
    const a = runner({
      handle: async (job, lease) => {
        await slow.opened;
        await commitAs('a', job, lease);
      },
    });
    const b = runner({ handle: (job, lease) => commitAs('b', job, lease) });
    const running = a.runOnce();
    await eventually(async () => (await jobRow(id))?.locked_until === now + 1_000);
    // Past the first lease twice over: each time, the renewal (every 10 ms) moves it on.
    for (let i = 0; i < 2; i++) {
      now += 800;
      await eventually(async () => (await jobRow(id))?.locked_until === now + 1_000);
    }
    expect(await b.runOnce()).toBe(0); // the lease is live: not due for anyone else
    slow.open();
    expect(await running).toBe(1);
    expect(await effects()).toEqual([`a did job ${id}`]);
    expect(await jobRow(id)).toBeUndefined();
  });

  it('fences a holder whose lease expired: the job taken over is done exactly once, by the new holder', async () => {
    const id = await enqueue();
    const slow = gate();
    let aFailed: unknown;
    const takeovers = await metric(jobMetrics.takeovers);
    const lost = await metric(jobMetrics.leasesLost);
    // A renews too rarely to matter here: it is as if it had stalled (a long GC pause, a frozen VM).
    const a = runner({
      renewMs: 60_000,
      handle: async (job, lease) => {
        await slow.opened;
        try {
          await commitAs('a', job, lease);
        } catch (err) {
          aFailed = err;
          throw err;
        }
      },
    });
    const b = runner({ handle: (job, lease) => commitAs('b', job, lease) });
    const running = a.runOnce();
    await eventually(async () => (await jobRow(id))?.locked_until === now + 1_000);
    now += 1_001;
    expect(await b.runOnce()).toBe(1);
    slow.open();
    await running;
    expect(aFailed).toBeInstanceOf(LeaseLost);
    expect(await effects()).toEqual([`b did job ${id}`]); // A's transaction rolled back
    expect(await jobRow(id)).toBeUndefined();
    expect(await metric(jobMetrics.takeovers)).toBe(takeovers + 1);
    expect(await metric(jobMetrics.leasesLost)).toBe(lost + 1);
    // What /metrics shows, through the app's registry.
    const registry = new Registry();
    registerJobMetrics(registry);
    expect(await registry.metrics()).toMatch(/metadesk_job_lease_takeovers_total\{queue="bot_jobs"\} [1-9]/);
  });

  it('tells a running job its renewal failed, and then refuses its commit', async () => {
    const id = await enqueue();
    const slow = gate();
    let seen: Lease | undefined;
    let aFailed: unknown;
    const a = runner({
      handle: async (job, lease) => {
        seen = lease;
        await slow.opened;
        try {
          await commitAs('a', job, lease);
        } catch (err) {
          aFailed = err;
          throw err;
        }
      },
    });
    const running = a.runOnce();
    await eventually(() => seen !== undefined);
    // Another worker's claim, as the database sees it: locked_until moved to a value A does not hold.
    await rt.ctx.db
      .updateTable('bot_jobs')
      .set({ locked_until: now + 5_000_000 })
      .where('id', '=', id)
      .execute();
    await eventually(() => seen!.signal.aborted);
    slow.open();
    await running;
    expect(aFailed).toBeInstanceOf(LeaseLost);
    expect(await effects()).toEqual([]);
    expect(await jobRow(id)).toMatchObject({ status: 'pending', attempts: 0, locked_until: now + 5_000_000 }); // no failure recorded either
  });

  it("retries after the handler's RetryAfter instead of the back-off, and after the back-off otherwise", async () => {
    const id = await enqueue();
    const r = runner({
      maxAttempts: 3,
      handle: async (job) => {
        throw job.attempts === 0 ? new RetryAfter(45_000, 'slow down') : new Error('database hiccup');
      },
    });
    expect(await r.runOnce()).toBe(1);
    expect(await jobRow(id)).toMatchObject({ status: 'pending', attempts: 1, run_at: now + 45_000, locked_until: 0, last_error: 'slow down' });
    now += 45_000;
    expect(await r.runOnce()).toBe(1);
    // Second failure: the back-off's full step (random 1) is 4 s.
    expect(await jobRow(id)).toMatchObject({ status: 'pending', attempts: 2, run_at: now + 4_000, last_error: 'database hiccup' });
    now += 4_000;
    expect(await r.runOnce()).toBe(1);
    expect(await jobRow(id)).toMatchObject({ status: 'failed', attempts: 3 }); // given up after maxAttempts
  });

  it('takes over the job of a process killed with SIGKILL once its short lease expires', async () => {
    const id = await enqueue(Date.now());
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'hold-job.fixture.ts')], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...process.env, DATABASE_URL: rt.config.DATABASE_URL, LEASE_MS: '1000', RENEW_MS: '200' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await eventually(() => out.includes(`claimed ${id}`) || child.exitCode !== null, 30_000);
      expect(out).toContain(`claimed ${id}`);
    } finally {
      child.kill('SIGKILL');
    }
    await exited;
    const b = createRunner<BotJob>({ queue: botJobQueue(rt.ctx.db), clock: Date.now, log, pollMs: 20, handle: (job, lease) => commitAs('b', job, lease) });
    b.start();
    try {
      // Nobody renews the dead process's lease: the poll finds the job due as soon as it expires.
      await eventually(async () => (await jobRow(id)) === undefined, 15_000);
    } finally {
      await b.stop();
    }
    expect(await effects()).toEqual([`b did job ${id}`]);
  }, 60_000);
});
