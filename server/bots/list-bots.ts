import type { Actor } from '../accounts/actor';
import { forbidden } from '../errors';
import type { Executor } from '../storage/db';
import { canManageBots } from './bots.policy';
import { listBotsOfBusiness, type Bot } from './bots.repo';

/** The actor's business's bots, oldest first; admins and bot editors only. */
export async function listBots(db: Executor, input: { actor: Actor }): Promise<Bot[]> {
  if (!canManageBots(input.actor)) throw forbidden('Only admins and bot editors manage bots');
  return listBotsOfBusiness(db, input.actor.businessId);
}
