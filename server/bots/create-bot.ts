import { actorUserId, type Actor } from '../shared/actor';
import { forbidden } from '../errors';
import type { Db } from '../storage/db';
import { canManageBots } from './bots.policy';
import { insertBot, updateBotOfBusiness, type Bot } from './bots.repo';
import { START_SCRIPT, TRANSFER_SCRIPT } from './default-scripts';
import { addScript } from './write-script';
import { recordAudit } from '../audit/index';

/**
 * Adds a bot to the actor's business (admins and bot editors) with a start script that greets the
 * lead and the system transfer-to-operator script, both set on the bot, so it answers at once.
 */
export async function createBot(deps: { db: Db; clock: () => number }, input: { actor: Actor; name: string }): Promise<Bot> {
  if (!canManageBots(input.actor)) throw forbidden('Only admins and bot editors manage bots');
  const now = deps.clock();
  const businessId = input.actor.businessId;
  return deps.db.transaction().execute(async (tx) => {
    const bot = await insertBot(tx, { businessId, name: input.name.trim(), createdAt: now });
    for (const body of [TRANSFER_SCRIPT, START_SCRIPT]) await addScript(tx, { bot, body, authorUserId: actorUserId(input.actor), now });
    await recordAudit(tx, input.actor, { action: 'bot.create', target: { type: 'bot', id: bot.id }, details: { name: bot.name }, now });
    const ready = await updateBotOfBusiness(tx, businessId, bot.id, { startScript: START_SCRIPT.code, transferScript: TRANSFER_SCRIPT.code });
    return ready ?? bot;
  });
}
