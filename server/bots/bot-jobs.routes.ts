import { BotJobIdParams, ScheduledJobList, ScheduledJobResponse, ScheduledJobsQuery, ScheduleJobBody, type ScheduledJob } from '../../contracts/bot-jobs';
import { Ok } from '../../contracts/common';
import { BotIdParam } from '../../contracts/scripts';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { requireActor } from '../http/auth';
import { run } from '../realtime/index';
import type { BotJob } from './bot-jobs.repo';
import { cancelBotJob } from './cancel-bot-job';
import { listBotJobs } from './list-bot-jobs';
import { scheduleBotJob } from './schedule-bot-job';

const tags = ['bots'];

function presentJob(j: BotJob): ScheduledJob {
  return {
    id: j.id,
    botId: j.bot_id,
    leadId: j.lead_id,
    kind: j.kind as ScheduledJob['kind'],
    code: j.ref ?? '',
    runAt: j.run_at,
    repeatIntervalSec: j.every_sec,
    status: j.status === 'failed' ? 'failed' : 'pending',
    lastError: j.last_error,
    createdAt: j.created_at,
  };
}

/** Scheduling a bot's scripts and triggers for its leads from outside (Metabot's job scheduling), listing and cancelling them. */
export function botJobsRoutes(app: App, ctx: AppContext): void {
  app.post(
    '/api/v1/bots/:botId/jobs/schedule',
    {
      schema: {
        tags,
        summary: "Schedule a script or trigger for a lead of the bot: now, at a time or after a delay, once or periodically (Metabot's job scheduling)",
        params: BotIdParam,
        body: ScheduleJobBody,
        response: { 201: ScheduledJobResponse },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const job = await run(ctx, actor, (tx, now) => scheduleBotJob({ tx, syntax: ctx.sandbox }, { actor, botId: req.params.botId, body: req.body, now }));
      return reply.status(201).send({ job: presentJob(job) });
    },
  );

  app.get(
    '/api/v1/bots/:botId/jobs',
    {
      schema: {
        tags,
        summary: 'Scheduled scripts and triggers of the bot, soonest first',
        params: BotIdParam,
        querystring: ScheduledJobsQuery,
        response: { 200: ScheduledJobList },
      },
    },
    async (req) => {
      const page = await listBotJobs(ctx.db, { actor: requireActor(req), botId: req.params.botId, ...req.query });
      return { jobs: page.rows.map(presentJob), nextCursor: page.nextCursor };
    },
  );

  app.delete(
    '/api/v1/bots/:botId/jobs/:jobId',
    { schema: { tags, summary: 'Cancel a scheduled script or trigger (a periodic one stops)', params: BotJobIdParams, response: { 200: Ok } } },
    async (req) => {
      const actor = requireActor(req);
      await run(ctx, actor, (tx) => cancelBotJob(tx, { actor, botId: req.params.botId, jobId: req.params.jobId }));
      return { ok: true as const };
    },
  );
}
