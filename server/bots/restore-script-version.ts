import type { Actor } from '../shared/actor';
import type { Db } from '../storage/db';
import { scriptableBot } from './bot-scope';
import { getScriptVersion } from './get-script-version';
import { collision } from './problems';
import { syntaxProblems, type SyntaxChecker } from './script-syntax';
import type { StoredScript } from './scripts.repo';
import { writeScript } from './write-script';
import { recordAudit } from '../audit/index';

/**
 * Saves an old version's content as the script's next version (history is never rewritten). It is
 * checked like any save: if the bot changed since (a script it names is gone, another script took
 * its entry), the restore is refused with a 409 naming what no longer fits.
 */
export async function restoreScriptVersion(
  deps: { db: Db; clock: () => number; syntax: SyntaxChecker },
  input: { actor: Actor; botId: number; code: string; version: number; ifVersion?: number | undefined },
): Promise<StoredScript> {
  const { actor, code, version } = input;
  const { script: body } = await getScriptVersion(deps.db, { actor, botId: input.botId, code, version });
  const lead = `Version ${version} cannot be restored: `;
  const found = syntaxProblems(deps.syntax, body.commands);
  return deps.db.transaction().execute(async (tx) => {
    const bot = await scriptableBot(tx, actor, input.botId, { lock: true });
    const out = await writeScript(tx, { actor, bot, body: { ...body, code }, found, ifVersion: input.ifVersion, now: deps.clock(), at: '', lead });
    if (!out.ok) throw collision(out.problems, lead);
    await recordAudit(tx, actor, {
      action: 'script.restore',
      target: { type: 'bot', id: bot.id },
      details: { script: code, restored: version, version: out.script.version },
      now: deps.clock(),
    });
    return out.script;
  });
}
