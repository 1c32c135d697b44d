import type { Actor } from '../shared/actor';
import { forbidden } from '../errors';
import type { Executor } from '../storage/db';
import { canEditScripts } from './bots.policy';
import { listBotsOfBusiness, type Bot } from './bots.repo';

/**
 * The actor's business's bots, oldest first: for those who manage bots, and for script editors, who
 * pick the bot whose scripts they edit.
 */
export async function listBots(db: Executor, input: { actor: Actor }): Promise<Bot[]> {
  if (!canEditScripts(input.actor)) throw forbidden('Only admins, bot editors and script editors see bots');
  return listBotsOfBusiness(db, input.actor.businessId);
}
