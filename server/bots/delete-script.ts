import type { Actor } from '../shared/actor';
import { conflict, notFound } from '../errors';
import type { Db } from '../storage/db';
import { scriptableBot } from './bot-scope';
import { usesOfScript } from './script.rules';
import { deleteScriptIfVersion, listScriptsOfBot } from './scripts.repo';
import { listTriggersOfBot } from './triggers.repo';
import { recordAudit } from '../audit/index';

/**
 * Deletes a script and its history, unless something still runs it: the bot's start, return or
 * transfer setting, another script's run_script / menu button / return_to_bot, or a trigger (409
 * naming each), so a bot never points at a script that is gone.
 */
export async function deleteScript(db: Db, input: { actor: Actor; botId: number; code: string; ifVersion?: number | undefined; now: number }): Promise<void> {
  const { actor, code } = input;
  await db.transaction().execute(async (tx) => {
    const bot = await scriptableBot(tx, actor, input.botId, { lock: true });
    const scripts = await listScriptsOfBot(tx, bot.id);
    const script = scripts.find((s) => s.code === code);
    if (!script) throw notFound(`Script "${code}"`);
    if (input.ifVersion !== undefined && script.version !== input.ifVersion) {
      throw conflict(`Script "${code}" is at version ${script.version}, not ${input.ifVersion}: someone saved it meanwhile; reload it`);
    }
    const settings = { startScript: bot.start_script, returnScript: bot.return_script, transferScript: bot.transfer_script };
    const uses = usesOfScript(code, settings, scripts, await listTriggersOfBot(tx, bot.id));
    if (uses.length > 0) throw conflict(`Script "${code}" is still used by ${uses.join('; ')}; change those first`);
    if (!(await deleteScriptIfVersion(tx, script.id, script.version))) throw conflict(`Script "${code}" was saved by someone else meanwhile; reload it`);
    await recordAudit(tx, actor, {
      action: 'script.delete',
      target: { type: 'bot', id: bot.id },
      details: { script: code, version: script.version },
      now: input.now,
    });
  });
}
