import type { ScriptBody } from '../../contracts/scripts';
import type { Actor } from '../shared/actor';
import { badInput } from '../errors';
import type { Db } from '../storage/db';
import { scriptableBot } from './bot-scope';
import { invalid, under } from './problems';
import { syntaxProblems, type SyntaxChecker } from './script-syntax';
import type { StoredScript } from './scripts.repo';
import { writeScript } from './write-script';
import { recordAudit } from '../audit/index';

/**
 * Creates or replaces a script of a bot of the actor's business (PUT): every condition and run_js
 * body must parse, every script and trigger it names must exist (itself excepted), its entries must
 * be its own and the bot keeps one fallback script at most. The previous state stays in the history.
 */
export async function saveScript(
  deps: { db: Db; clock: () => number; syntax: SyntaxChecker },
  input: { actor: Actor; botId: number; code: string; body: ScriptBody; ifVersion?: number | undefined },
): Promise<StoredScript> {
  const { actor, body } = input;
  // Who and which bot first: another business's admin learns nothing from how their body is judged.
  await scriptableBot(deps.db, actor, input.botId);
  if (body.code !== input.code) throw badInput('body.code', `must be the code in the path ("${input.code}")`);
  // Parsing user code is the slow part: done before the transaction, so the bot's lock is held briefly.
  const found = syntaxProblems(deps.syntax, body.commands);
  return deps.db.transaction().execute(async (tx) => {
    const bot = await scriptableBot(tx, actor, input.botId, { lock: true });
    const out = await writeScript(tx, { actor, bot, body, found, ifVersion: input.ifVersion, now: deps.clock(), at: 'body.' });
    if (!out.ok) throw invalid(under('body.', out.problems));
    await recordAudit(tx, actor, {
      action: 'script.save',
      target: { type: 'bot', id: bot.id },
      details: { script: out.script.code, version: out.script.version },
      now: deps.clock(),
    });
    return out.script;
  });
}
