import type { Actor } from '../accounts/actor';
import { forbidden, notFound } from '../errors';
import type { Executor } from '../storage/db';
import { canManageBots } from './bots.policy';
import { renameBot, type Bot } from './bots.repo';

/** Renames a bot of the actor's business; another business's bot is a 404, never a change. */
export async function updateBot(db: Executor, input: { actor: Actor; botId: number; name: string }): Promise<Bot> {
  if (!canManageBots(input.actor)) throw forbidden('Only admins and bot editors manage bots');
  const bot = await renameBot(db, input.actor.businessId, input.botId, input.name.trim());
  if (!bot) throw notFound('Bot');
  return bot;
}
