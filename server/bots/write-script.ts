import { SCRIPT_LIMITS, type ScriptBody } from '../../contracts/scripts';
import { actorUserId, type Actor } from '../shared/actor';
import { conflict } from '../errors';
import type { Executor } from '../storage/db';
import type { Bot } from './bots.repo';
import { collision, under, type Problem } from './problems';
import { recordScriptVersion } from './script-versions.repo';
import { repeatedEntries, singletonTaken, takenEntries, unknownReferences } from './script.rules';
import { bodyOf, insertScript, listScriptsOfBot, replaceScriptIfVersion, type StoredScript } from './scripts.repo';
import { listTriggersOfBot } from './triggers.repo';

/** Adds a new script at version 1, with its first history entry. */
export async function addScript(tx: Executor, s: { bot: Bot; body: ScriptBody; authorUserId: number | null; now: number }): Promise<StoredScript> {
  const saved = await insertScript(tx, { businessId: s.bot.business_id, botId: s.bot.id, body: s.body, now: s.now });
  await recordScriptVersion(tx, { scriptId: saved.id, businessId: saved.businessId, version: 1, body: bodyOf(saved), authorUserId: s.authorUserId, at: s.now });
  return saved;
}

/**
 * Saves a script as the next version of itself (or version 1), once it fits the bot: its references
 * exist, its entries are its own, it is not a second fallback or system script. The bot must be
 * locked by the caller. Problems of the script itself, with those the caller already found (`found`:
 * its JS syntax), come back for the caller to word (a 400 for a request body); collisions with other
 * scripts and a stale `ifVersion` are 409s, paths under `at`.
 */
export async function writeScript(
  tx: Executor,
  input: { actor: Actor; bot: Bot; body: ScriptBody; found: Problem[]; ifVersion?: number | undefined; now: number; at: string; lead?: string },
): Promise<{ ok: true; script: StoredScript } | { ok: false; problems: Problem[] }> {
  const { bot, body, ifVersion, now } = input;
  const scripts = await listScriptsOfBot(tx, bot.id);
  const current = scripts.find((s) => s.code === body.code);
  if (ifVersion !== undefined && (current?.version ?? 0) !== ifVersion) {
    throw conflict(
      current
        ? `Script "${body.code}" is at version ${current.version}, not ${ifVersion}: someone saved it meanwhile; reload it`
        : `Script "${body.code}" does not exist, so it is not at version ${ifVersion}`,
    );
  }
  if (!current && scripts.length >= SCRIPT_LIMITS.scriptsPerBot) throw conflict(`A bot has at most ${SCRIPT_LIMITS.scriptsPerBot} scripts`);

  const triggers = await listTriggersOfBot(tx, bot.id);
  const catalog = { scripts: new Set(scripts.map((s) => s.code)), triggers: new Set(triggers.map((t) => t.code)) };
  const problems = [...input.found, ...repeatedEntries(body.entries), ...unknownReferences(body, catalog)];
  if (problems.length > 0) return { ok: false, problems };
  const taken = [singletonTaken(body, scripts), ...takenEntries(body, scripts)].filter((p): p is Problem => p !== undefined);
  if (taken.length > 0) throw collision(under(input.at, taken), input.lead);

  if (!current) return { ok: true, script: await addScript(tx, { bot, body, authorUserId: actorUserId(input.actor), now }) };
  // A script written before history was kept (or by other means) gets its current state recorded first,
  // so the version being replaced can always be restored.
  await recordScriptVersion(tx, {
    scriptId: current.id,
    businessId: current.businessId,
    version: current.version,
    body: bodyOf(current),
    authorUserId: null,
    at: current.updatedAt,
  });
  const saved = await replaceScriptIfVersion(tx, { id: current.id, fromVersion: current.version, body, now });
  if (!saved) throw conflict(`Script "${body.code}" was saved by someone else meanwhile; reload it`);
  await recordScriptVersion(tx, {
    scriptId: saved.id,
    businessId: saved.businessId,
    version: saved.version,
    body: bodyOf(saved),
    authorUserId: actorUserId(input.actor),
    at: now,
  });
  return { ok: true, script: saved };
}
