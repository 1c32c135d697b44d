import type { Actor } from '../shared/actor';
import { forbidden, notFound } from '../errors';
import type { Outcome } from '../realtime/index';
import type { Tx } from '../storage/db';
import { deleteScheduledJob, findScheduledJob } from './bot-jobs.repo';
import { canScheduleBotJobs } from './bots.policy';
import { findBot } from './bots.repo';

/** Cancels a scheduled script or trigger of a bot (a periodic one stops repeating). */
export async function cancelBotJob(tx: Tx, input: { actor: Actor; botId: number; jobId: number }): Promise<Outcome<void>> {
  const { actor } = input;
  if (!canScheduleBotJobs(actor)) throw forbidden('Only admins and bot editors (or their API tokens) cancel scheduled bot jobs');
  const bot = await findBot(tx, actor.businessId, input.botId);
  if (!bot) throw notFound('Bot');
  const job = await findScheduledJob(tx, bot.id, input.jobId);
  if (!job) throw notFound('Scheduled job');
  await deleteScheduledJob(tx, job.id);
  return { result: undefined, events: [] };
}
