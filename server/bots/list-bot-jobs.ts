import type { Actor } from '../shared/actor';
import { forbidden, notFound } from '../errors';
import { cursorCodec } from '../shared/cursor';
import type { Executor } from '../storage/db';
import { listScheduledJobs, type BotJob } from './bot-jobs.repo';
import { canScheduleBotJobs } from './bots.policy';
import { findBot } from './bots.repo';

const cursor = cursorCodec('bot-jobs', ['runAt', 'id']);

/** A page of a bot's scheduled scripts and triggers, soonest first (optionally one lead's). */
export async function listBotJobs(
  db: Executor,
  input: { actor: Actor; botId: number; leadId?: number | undefined; cursor?: string | undefined; limit: number },
): Promise<{ rows: BotJob[]; nextCursor: string | null }> {
  const { actor } = input;
  if (!canScheduleBotJobs(actor)) throw forbidden('Only admins and bot editors (or their API tokens) see scheduled bot jobs');
  const bot = await findBot(db, actor.businessId, input.botId);
  if (!bot) throw notFound('Bot');
  const page = await listScheduledJobs(db, bot.id, { leadId: input.leadId, after: cursor.read(input.cursor), limit: input.limit });
  const last = page.rows.at(-1);
  return { rows: page.rows, nextCursor: cursor.next(last && { runAt: last.run_at, id: last.id }, page.hasMore) };
}
