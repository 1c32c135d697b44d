import { z } from 'zod';
import { Id, Millis } from './common';
import { LIMITS } from './limits';
import { NextCursor, pageQuery } from './pagination';
import { ScriptCode } from './scripts';

// Scheduling a bot's script or trigger for a lead from outside: Metabot's "job scheduling"
// (`POST /bots/{botId}/jobs/schedule`) with its field names. See docs/api.md.

/** The longest delay or repeat interval: a year. */
const YEAR_SEC = 366 * 24 * 3600;

/** Tags as Metabot sends them ('tag1,tag2') or as a list. */
const Tags = z
  .union([z.string().max(2000), z.array(z.string().max(LIMITS.tag)).max(100)])
  .transform((v) => (typeof v === 'string' ? v.split(',') : v).map((t) => t.trim()).filter((t) => t !== ''))
  .pipe(z.array(z.string().max(LIMITS.tag, `a tag is at most ${LIMITS.tag} characters`)).max(100));

/** "YYYY-MM-DD hh:mm:ss" (read as UTC, the server's time zone) or ISO 8601 with a zone ("2026-12-01T09:00:00+03:00"). */
const RunAt = z
  .string()
  .max(40)
  .refine((s) => Number.isFinite(parseRunAt(s)), 'a date "YYYY-MM-DD hh:mm:ss" (UTC) or ISO 8601 with a zone');

/** run_at as epoch milliseconds (NaN when it is not a date). */
export function parseRunAt(s: string): number {
  const plain = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s.trim());
  if (plain) {
    const [, y, mo, d, h, mi, sec] = plain.map(Number) as [number, number, number, number, number, number, number];
    const t = Date.UTC(y, mo - 1, d, h, mi, Number.isNaN(sec) ? 0 : sec);
    // Date.UTC rolls 2026-02-31 over to March: refuse what is not a real date.
    return new Date(t).getUTCDate() === d && new Date(t).getUTCMonth() === mo - 1 ? t : NaN;
  }
  if (!/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/i.test(s.trim())) return NaN;
  return Date.parse(s);
}

export const ScheduleJobBody = z
  .strictObject({
    /** The script to run, by id … */
    script_id: Id.optional(),
    /** … or by code. */
    script_code: ScriptCode.optional(),
    /** The trigger to run (its script), by id … */
    trigger_id: Id.optional(),
    /** … or by code. Exactly one of script_id, script_code, trigger_id, trigger_code. */
    trigger_code: ScriptCode.optional(),
    /** Metabot's broadcasts: not supported here (a 400 says so). */
    broadcast_id: z.unknown().optional(),
    broadcast_code: z.unknown().optional(),
    /** The lead the job runs for: a lead of this bot. */
    lead_id: Id,
    /** A ticket (a row of the business's data model) passed along with the job, as bot.runTriggerByCodeForLead's ticketId. */
    ticket_id: z.number().int().optional(),
    /** When to run: "YYYY-MM-DD hh:mm:ss" (UTC) or ISO 8601 with a zone; wins over run_after_sec. Omitted: now. */
    run_at: RunAt.optional(),
    /** When to run: this many seconds from now. */
    run_after_sec: z.number().int().min(0).max(YEAR_SEC).optional(),
    /** Repeat the job every repeat_interval_sec after each run, until cancelled (DELETE …/jobs/{jobId}). */
    is_periodic: z.boolean().default(false),
    /** Seconds between runs of a periodic job, at least 60; required with is_periodic. */
    repeat_interval_sec: z.number().int().min(60).max(YEAR_SEC).optional(),
    /** A JavaScript function body; the job runs (each time) only if it returns true, e.g. "if (leadId == 135) return true;". */
    condition_script_code: z.string().min(1).max(10_000).optional(),
    /** JSON input for the script, kept with the job. */
    script_request_params: z.record(z.string(), z.json()).optional(),
    /** Tags added to the lead when the job runs (its condition held), before the script: 'tag1,tag2' or a list. */
    add_tags: Tags.optional(),
    /** Tags removed from the lead when the job runs, before the script. */
    remove_tags: Tags.optional(),
  })
  .superRefine((b, ctx) => {
    const targets = (['script_id', 'script_code', 'trigger_id', 'trigger_code'] as const).filter((k) => b[k] !== undefined);
    if (b.broadcast_id !== undefined || b.broadcast_code !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: [b.broadcast_id !== undefined ? 'broadcast_id' : 'broadcast_code'],
        message: 'broadcasts are not supported: schedule a script or a trigger',
      });
    else if (targets.length !== 1)
      ctx.addIssue({
        code: 'custom',
        path: targets.length ? [targets[1]!] : [],
        message: `exactly one of script_id, script_code, trigger_id, trigger_code (got ${targets.length ? targets.join(', ') : 'none'})`,
      });
    if (b.is_periodic && b.repeat_interval_sec === undefined)
      ctx.addIssue({ code: 'custom', path: ['repeat_interval_sec'], message: 'a periodic job needs repeat_interval_sec (seconds, at least 60)' });
    if (!b.is_periodic && b.repeat_interval_sec !== undefined)
      ctx.addIssue({ code: 'custom', path: ['is_periodic'], message: 'repeat_interval_sec is only for a periodic job: set is_periodic to true' });
  });
export type ScheduleJobBody = z.infer<typeof ScheduleJobBody>;

/** A scheduled script or trigger of a bot, waiting for its (next) run. */
export const ScheduledJob = z.object({
  id: Id,
  botId: Id,
  leadId: Id,
  /** What runs: a script, or a trigger's script. */
  kind: z.enum(['script', 'trigger']),
  /** The script's or the trigger's code. */
  code: z.string(),
  /** When it runs next (epoch ms). */
  runAt: Millis,
  /** A periodic job's interval; null: runs once. */
  repeatIntervalSec: z.number().int().nullable(),
  /** pending: waits for its time; failed: gave up after retries (see lastError). */
  status: z.enum(['pending', 'failed']),
  lastError: z.string().nullable(),
  createdAt: Millis,
});
export type ScheduledJob = z.infer<typeof ScheduledJob>;

export const ScheduledJobResponse = z.object({ job: ScheduledJob });
export type ScheduledJobResponse = z.infer<typeof ScheduledJobResponse>;

export const ScheduledJobList = z.object({
  /** The bot's scheduled scripts and triggers (not its lead messages, transfers or returns), soonest first. */
  jobs: z.array(ScheduledJob),
  nextCursor: NextCursor,
});
export type ScheduledJobList = z.infer<typeof ScheduledJobList>;

export const ScheduledJobsQuery = z.strictObject({
  /** Only this lead's jobs. */
  leadId: z.coerce.number().int().positive().optional(),
  ...pageQuery({ default: 100, max: 500 }),
});

export const BotJobIdParams = z.object({ botId: z.coerce.number().int().positive(), jobId: z.coerce.number().int().positive() });
