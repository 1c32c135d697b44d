import type { Actor } from '../shared/actor';
import type { Executor } from '../storage/db';
import { scriptableBot } from './bot-scope';
import { listScriptsOfBot, type StoredScript } from './scripts.repo';

/** Every script of a bot of the actor's business, oldest first. */
export async function listScripts(db: Executor, input: { actor: Actor; botId: number }): Promise<StoredScript[]> {
  const bot = await scriptableBot(db, input.actor, input.botId);
  return listScriptsOfBot(db, bot.id);
}
