import type { BotExport } from '../../contracts/scripts';
import { actorUserId, type Actor } from '../shared/actor';
import { forbidden } from '../errors';
import type { Db } from '../storage/db';
import { documentProblems } from './bot-document.rules';
import { canManageBots } from './bots.policy';
import { insertBot, updateBotOfBusiness, type Bot } from './bots.repo';
import { invalid, under, type Problem } from './problems';
import { syntaxProblems, type SyntaxChecker } from './script-syntax';
import { insertTrigger } from './triggers.repo';
import { addScript } from './write-script';
import { recordAudit } from '../audit/index';

/**
 * Creates a new bot in the actor's business from an export document (admins and bot editors). The
 * whole document is checked first, every problem named by its path (`body.scripts[2].commands[0].condition`),
 * then written in one transaction: the bot exists with everything in it, or not at all. Nothing is
 * added that the document does not say (no default scripts).
 */
export async function importBot(
  deps: { db: Db; clock: () => number; syntax: SyntaxChecker },
  input: { actor: Actor; doc: BotExport; name?: string | undefined },
): Promise<Bot> {
  const { actor, doc } = input;
  if (!canManageBots(actor)) throw forbidden('Only admins and bot editors manage bots');
  const problems: Problem[] = documentProblems(doc);
  for (const [i, s] of doc.scripts.entries()) {
    problems.push(...under(`scripts[${i}].`, syntaxProblems(deps.syntax, s.commands)));
    // A parse takes ~0.2 ms and a document may hold thousands: let other requests through between scripts.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (problems.length > 0) throw invalid(under('body.', problems));

  const now = deps.clock();
  const author = actorUserId(actor);
  return deps.db.transaction().execute(async (tx) => {
    const bot = await insertBot(tx, { businessId: actor.businessId, name: (input.name ?? doc.bot.name).trim(), createdAt: now });
    for (const body of doc.scripts) await addScript(tx, { bot, body, authorUserId: author, now });
    for (const body of doc.triggers) await insertTrigger(tx, { businessId: actor.businessId, botId: bot.id, body, now });
    await recordAudit(tx, actor, {
      action: 'bot.import',
      target: { type: 'bot', id: bot.id },
      details: { name: bot.name, scripts: doc.scripts.length, triggers: doc.triggers.length },
      now,
    });
    const { startScript, returnScript, transferScript } = doc.bot;
    return (await updateBotOfBusiness(tx, actor.businessId, bot.id, { startScript, returnScript, transferScript })) ?? bot;
  });
}
