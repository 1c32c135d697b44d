import type { Actor } from '../shared/actor';
import type { Executor } from '../storage/db';
import { scriptableBot } from './bot-scope';
import { listTriggersOfBot, type StoredTrigger } from './triggers.repo';

/** Every trigger of a bot of the actor's business, oldest first. */
export async function listTriggers(db: Executor, input: { actor: Actor; botId: number }): Promise<StoredTrigger[]> {
  const bot = await scriptableBot(db, input.actor, input.botId);
  return listTriggersOfBot(db, bot.id);
}
