import type { Actor } from '../accounts/actor';
import { forbidden } from '../errors';
import type { Executor } from '../storage/db';
import { canManageBots } from './bots.policy';
import { insertBot, type Bot } from './bots.repo';

/** Adds a bot to the actor's business; admins and bot editors only. */
export async function createBot(deps: { db: Executor; clock: () => number }, input: { actor: Actor; name: string }): Promise<Bot> {
  if (!canManageBots(input.actor)) throw forbidden('Only admins and bot editors manage bots');
  return insertBot(deps.db, { businessId: input.actor.businessId, name: input.name.trim(), createdAt: deps.clock() });
}
