import type { Actor } from '../shared/actor';
import { forbidden, notFound } from '../errors';
import type { Executor } from '../storage/db';
import { listScheduledJobs, type BotJob } from './bot-jobs.repo';
import { canScheduleBotJobs } from './bots.policy';
import { findBot } from './bots.repo';

/** A bot's scheduled scripts and triggers, soonest first (optionally one lead's). */
export async function listBotJobs(db: Executor, input: { actor: Actor; botId: number; leadId?: number }): Promise<BotJob[]> {
  const { actor } = input;
  if (!canScheduleBotJobs(actor)) throw forbidden('Only admins and bot editors (or their API tokens) see scheduled bot jobs');
  const bot = await findBot(db, actor.businessId, input.botId);
  if (!bot) throw notFound('Bot');
  return listScheduledJobs(db, bot.id, { leadId: input.leadId, limit: 500 });
}
