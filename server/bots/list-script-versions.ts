import type { Actor } from '../shared/actor';
import { notFound } from '../errors';
import type { Executor } from '../storage/db';
import { scriptableBot } from './bot-scope';
import { listScriptVersions, type ScriptVersionRow } from './script-versions.repo';
import { findScript } from './scripts.repo';

/** A script's saved versions, newest first, with who saved each. */
export async function listScriptHistory(db: Executor, input: { actor: Actor; botId: number; code: string }): Promise<Omit<ScriptVersionRow, 'snapshot'>[]> {
  const bot = await scriptableBot(db, input.actor, input.botId);
  const script = await findScript(db, bot.id, input.code);
  if (!script) throw notFound(`Script "${input.code}"`);
  return listScriptVersions(db, script.id);
}
