import type { Selectable } from 'kysely';
import { z } from 'zod';
import { Id } from '../../contracts/common';
import { LeaseLost, type JobQueue } from '../jobs/index';
import type { Executor } from '../storage/db';
import { parseColumn } from '../storage/json-column';
import { prepared } from '../storage/prepared';
import type { BotJobsTable } from '../storage/schema';

export type BotJob = Selectable<BotJobsTable>;

/** bot_jobs.params: what a job carries besides its kind and ref. */
export const BotJobParams = z.object({
  /** lead_message: the lead's very first message (the bot greets it from its start script). */
  firstContact: z.boolean().optional(),
  /** How many trigger or job hops led to this job; a chain too deep is cut. */
  depth: z.number().int().min(0).optional(),
  /** The lead's dialog when the job was queued (null: none); a job whose dialog changed since is stale. */
  dialogId: Id.nullable().optional(),
  /** What user code passed to bot.runTriggerByCodeForLead as ticketId (or the schedule route's ticket_id), kept with the job. */
  ticketId: z.json().optional(),
  /** A scheduled job's condition_script_code: a JS function body; the job runs only when it returns true (leadId in scope). */
  condition: z.string().optional(),
  /** Tags added / removed when a scheduled job runs (its condition held), before its script. */
  addTags: z.array(z.string()).optional(),
  removeTags: z.array(z.string()).optional(),
  /** script_request_params: the caller's JSON input for the script, kept with the job. */
  requestParams: z.record(z.string(), z.json()).optional(),
});
export type BotJobParams = z.infer<typeof BotJobParams>;

/** A job's params, checked: a corrupt row fails the job, naming it. */
export function jobParams(job: BotJob): BotJobParams {
  return parseColumn(BotJobParams, job.params, `bot_jobs.params of job ${job.id}`);
}

/**
 * Queues work for the bot runtime in the caller's transaction (the lead's message, a transfer, a
 * return to the bot, a trigger), so it is done even if the process stops right after the commit.
 */
export async function enqueueBotJob(
  tx: Executor,
  j: {
    businessId: number;
    botId: number;
    leadId: number;
    kind: BotJob['kind'];
    ref?: string | null;
    params?: BotJobParams;
    runAt: number;
    everySec?: number | null;
    now: number;
  },
): Promise<number> {
  const [row] = (
    await insertJob(tx, {
      business_id: j.businessId,
      bot_id: j.botId,
      lead_id: j.leadId,
      kind: j.kind,
      ref: j.ref ?? null,
      params: JSON.stringify(j.params ?? {}),
      run_at: j.runAt,
      every_sec: j.everySec ?? null,
      created_at: j.now,
    })
  ).rows;
  if (!row) throw new Error('bot job insert returned no id');
  return row.id;
}

// A lead's message to the bot is a job: these run for every one (prepared: see storage/prepared.ts).
const insertJob = prepared(['business_id', 'bot_id', 'lead_id', 'kind', 'ref', 'params', 'run_at', 'every_sec', 'created_at'], (db, p) =>
  db
    .insertInto('bot_jobs')
    .values({ ...p, status: 'pending', attempts: 0, locked_until: 0, last_error: null, done_at: null })
    .returning('id'),
);
const dueJobs = prepared(['now', 'limit'], (db, p) =>
  db
    .selectFrom('bot_jobs as j')
    .selectAll('j')
    .where('j.status', '=', 'pending')
    .where('j.run_at', '<=', p.now)
    .where('j.locked_until', '<', p.now)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('bot_jobs as earlier')
            .select('earlier.id')
            .whereRef('earlier.lead_id', '=', 'j.lead_id')
            .where('earlier.status', '=', 'pending')
            .where('earlier.run_at', '<=', p.now)
            .whereRef('earlier.id', '<', 'j.id'),
        ),
      ),
    )
    .orderBy('j.id')
    .limit(p.limit),
);
const claim = prepared(['id', 'attempts', 'now', 'lease'], (db, p) =>
  db
    .updateTable('bot_jobs')
    .set({ locked_until: p.lease })
    .where('id', '=', p.id)
    .where('status', '=', 'pending')
    .where('attempts', '=', p.attempts)
    .where('locked_until', '<', p.now),
);
// Fenced on the lease: only the worker still holding the job (locked_until as it wrote it) ends it.
const deleteJob = prepared(['id', 'held'], (db, p) => db.deleteFrom('bot_jobs').where('id', '=', p.id).where('locked_until', '=', p.held));
const renew = prepared(['id', 'held', 'until'], (db, p) =>
  db.updateTable('bot_jobs').set({ locked_until: p.until }).where('id', '=', p.id).where('status', '=', 'pending').where('locked_until', '=', p.held),
);

/**
 * Jobs due now, oldest first, only the head of each lead's queue: a lead's second message is never
 * handled before its first.
 */
export async function listDueJobs(db: Executor, now: number, limit: number): Promise<BotJob[]> {
  return (await dueJobs(db, { now, limit })).rows;
}

/** Compare-and-set claim until `lease`; false when another worker has it. */
export async function claimJob(db: Executor, job: BotJob, now: number, lease: number): Promise<boolean> {
  const r = await claim(db, { id: job.id, attempts: job.attempts, now, lease });
  return Number(r.numAffectedRows) === 1;
}

/**
 * Moves the caller's lease from `held` to `until`; false when the job is no longer held with `held`.
 * `locked_until` is the fence value itself, no token column needed: a claim needs `locked_until < now`
 * and writes `now + lease`, so each claim of a pending row writes a value above every earlier one
 * (no two holders ever share a value, even two claims in the same millisecond: the second one's
 * compare-and-set no longer sees the old value). Only a finish or a failure (fenced themselves)
 * resets it to 0; a later claim could then repeat an old value only if its clock were behind by
 * more than a lease.
 */
export async function renewJob(db: Executor, id: number, held: number, until: number): Promise<boolean> {
  const r = await renew(db, { id, held, until });
  return Number(r.numAffectedRows) === 1;
}

/**
 * A job is done: deleted (what it did is in the messages, the lead and the logs; keeping done rows
 * would only slow the queue), or, if periodic, re-armed for its next run. Fenced on the caller's
 * lease (`held`): throws LeaseLost when another worker took the job over, so the caller's
 * transaction rolls back and the run's effects are not written twice.
 */
export async function finishJob(tx: Executor, job: BotJob, now: number, held: number): Promise<void> {
  const n = job.every_sec
    ? (
        await tx
          .updateTable('bot_jobs')
          .set({ run_at: now + job.every_sec * 1000, locked_until: 0, attempts: 0, last_error: null })
          .where('id', '=', job.id)
          .where('locked_until', '=', held)
          .executeTakeFirst()
      ).numUpdatedRows
    : (await deleteJob(tx, { id: job.id, held })).numAffectedRows;
  if (Number(n) !== 1) throw new LeaseLost('bot_jobs', job.id);
}

/** Records a failed attempt: retry after `retryAt`, or give up (status failed); false when the lease (`held`) was lost. */
export async function failJob(db: Executor, job: BotJob, error: string, retryAt: number | null, held: number): Promise<boolean> {
  const r = await db
    .updateTable('bot_jobs')
    .set((eb) => ({
      status: retryAt === null ? 'failed' : 'pending',
      run_at: retryAt ?? job.run_at,
      attempts: eb('attempts', '+', 1),
      last_error: error.slice(0, 2000),
      locked_until: 0,
    }))
    .where('id', '=', job.id)
    .where('locked_until', '=', held)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** bot_jobs as the job runner sees it: a lead's jobs one after another. */
export function botJobQueue(db: Executor): JobQueue<BotJob> {
  return {
    name: 'bot_jobs',
    id: (j) => j.id,
    key: (j) => j.lead_id,
    attempts: (j) => j.attempts,
    heldUntil: (j) => j.locked_until,
    listDue: (now, limit) => listDueJobs(db, now, limit),
    claim: (j, now, until) => claimJob(db, j, now, until),
    renew: (j, held, until) => renewJob(db, j.id, held, until),
    fail: (j, f) => failJob(db, j, f.error, f.retryAt, f.held),
  };
}

/**
 * A page of a bot's scheduled scripts and triggers (not its lead messages, transfers, returns), soonest
 * first, past the job at `after`; one extra row tells whether more exist.
 */
export async function listScheduledJobs(
  db: Executor,
  botId: number,
  o: { leadId?: number | undefined; after?: { runAt: number; id: number } | undefined; limit: number },
): Promise<{ rows: BotJob[]; hasMore: boolean }> {
  let q = db.selectFrom('bot_jobs').selectAll().where('bot_id', '=', botId).where('kind', 'in', ['script', 'trigger']);
  if (o.leadId !== undefined) q = q.where('lead_id', '=', o.leadId);
  const after = o.after;
  if (after) q = q.where((eb) => eb.or([eb('run_at', '>', after.runAt), eb.and([eb('run_at', '=', after.runAt), eb('id', '>', after.id)])]));
  const rows = await q
    .orderBy('run_at')
    .orderBy('id')
    .limit(o.limit + 1)
    .execute();
  return { rows: rows.slice(0, o.limit), hasMore: rows.length > o.limit };
}

export async function findScheduledJob(db: Executor, botId: number, jobId: number): Promise<BotJob | undefined> {
  return db
    .selectFrom('bot_jobs')
    .selectAll()
    .where('id', '=', jobId)
    .where('bot_id', '=', botId)
    .where('kind', 'in', ['script', 'trigger'])
    .executeTakeFirst();
}

/** Cancels a scheduled job. One being run right now is cancelled too: its run's commit, fenced on the row, rolls back. */
export async function deleteScheduledJob(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('bot_jobs').where('id', '=', id).execute();
}
