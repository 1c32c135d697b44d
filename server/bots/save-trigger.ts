import { SCRIPT_LIMITS, type TriggerBody } from '../../contracts/scripts';
import type { Actor } from '../shared/actor';
import { badInput, conflict } from '../errors';
import type { Db } from '../storage/db';
import { scriptableBot } from './bot-scope';
import { findScript } from './scripts.repo';
import { findTriggerOfBot, insertTrigger, listTriggersOfBot, replaceTrigger, type StoredTrigger } from './triggers.repo';
import { recordAudit } from '../audit/index';

/** Creates or replaces a trigger of a bot of the actor's business (PUT); the script it runs must exist. */
export async function saveTrigger(
  deps: { db: Db; clock: () => number },
  input: { actor: Actor; botId: number; code: string; body: TriggerBody },
): Promise<StoredTrigger> {
  const { actor, body } = input;
  return deps.db.transaction().execute(async (tx) => {
    const bot = await scriptableBot(tx, actor, input.botId, { lock: true });
    if (body.code !== input.code) throw badInput('body.code', `must be the code in the path ("${input.code}")`);
    if (!(await findScript(tx, bot.id, body.script))) throw badInput('body.script', `no script "${body.script}" in this bot`);
    const current = await findTriggerOfBot(tx, bot.id, body.code);
    await recordAudit(tx, actor, {
      action: 'trigger.save',
      target: { type: 'bot', id: bot.id },
      details: { trigger: body.code, script: body.script },
      now: deps.clock(),
    });
    if (current) return replaceTrigger(tx, current.id, body);
    if ((await listTriggersOfBot(tx, bot.id)).length >= SCRIPT_LIMITS.triggersPerBot)
      throw conflict(`A bot has at most ${SCRIPT_LIMITS.triggersPerBot} triggers`);
    return insertTrigger(tx, { businessId: bot.business_id, botId: bot.id, body, now: deps.clock() });
  });
}
