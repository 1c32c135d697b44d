import type { Actor } from '../shared/actor';
import { forbidden, notFound } from '../errors';
import type { Db } from '../storage/db';
import { canManageBots } from './bots.policy';
import { findBotForUpdate, updateBotOfBusiness, type Bot, type BotChanges } from './bots.repo';
import { invalid, type Problem } from './problems';
import { listScriptsOfBot } from './scripts.repo';

const SETTINGS = ['startScript', 'returnScript', 'transferScript'] as const;

/**
 * Renames a bot of the actor's business or sets its start / return / transfer script (a script of
 * that bot, or null for none). Another business's bot is a 404, never a change.
 */
export async function updateBot(db: Db, input: { actor: Actor; botId: number; changes: BotChanges }): Promise<Bot> {
  const { actor, changes } = input;
  if (!canManageBots(actor)) throw forbidden('Only admins and bot editors manage bots');
  return db.transaction().execute(async (tx) => {
    // Locked like a script save, so a script being deleted cannot slip under the new setting.
    const bot = await findBotForUpdate(tx, actor.businessId, input.botId);
    if (!bot) throw notFound('Bot');
    const codes = new Set((await listScriptsOfBot(tx, bot.id)).map((s) => s.code));
    const problems: Problem[] = [];
    for (const key of SETTINGS) {
      const code = changes[key];
      if (code && !codes.has(code)) problems.push({ path: `body.${key}`, message: `no script "${code}" in this bot` });
    }
    if (problems.length > 0) throw invalid(problems);
    const updated = await updateBotOfBusiness(tx, actor.businessId, bot.id, { ...changes, name: changes.name?.trim() });
    if (!updated) throw notFound('Bot');
    return updated;
  });
}
