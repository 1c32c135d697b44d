import type { Actor } from '../shared/actor';
import { conflict, notFound } from '../errors';
import type { Db } from '../storage/db';
import { scriptableBot } from './bot-scope';
import { usesOfTrigger } from './script.rules';
import { listScriptsOfBot } from './scripts.repo';
import { deleteTriggerById, findTriggerOfBot } from './triggers.repo';
import { recordAudit } from '../audit/index';

/**
 * Deletes a trigger unless a script's run_trigger command names it (409 naming each). Runs already
 * scheduled for leads find no trigger; the bot runtime logs a warning for the author.
 */
export async function deleteTrigger(db: Db, input: { actor: Actor; botId: number; code: string; now: number }): Promise<void> {
  const { actor, code } = input;
  await db.transaction().execute(async (tx) => {
    const bot = await scriptableBot(tx, actor, input.botId, { lock: true });
    const trigger = await findTriggerOfBot(tx, bot.id, code);
    if (!trigger) throw notFound(`Trigger "${code}"`);
    const uses = usesOfTrigger(code, await listScriptsOfBot(tx, bot.id));
    if (uses.length > 0) throw conflict(`Trigger "${code}" is still used by ${uses.join('; ')}; change those first`);
    await deleteTriggerById(tx, trigger.id);
    await recordAudit(tx, actor, { action: 'trigger.delete', target: { type: 'bot', id: bot.id }, details: { trigger: code }, now: input.now });
  });
}
