import type { Actor } from '../shared/actor';
import type { Executor } from '../storage/db';
import { scriptableBot } from './bot-scope';
import type { Bot } from './bots.repo';
import { listScriptsOfBot, type StoredScript } from './scripts.repo';
import { listTriggersOfBot, type StoredTrigger } from './triggers.repo';

/** Everything a bot's export document is made of (presented by presentBotExport). */
export async function exportBot(
  db: Executor,
  input: { actor: Actor; botId: number },
): Promise<{ bot: Bot; scripts: StoredScript[]; triggers: StoredTrigger[] }> {
  const bot = await scriptableBot(db, input.actor, input.botId);
  const [scripts, triggers] = await Promise.all([listScriptsOfBot(db, bot.id), listTriggersOfBot(db, bot.id)]);
  return { bot, scripts, triggers };
}
