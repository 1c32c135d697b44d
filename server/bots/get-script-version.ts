import type { ScriptBody } from '../../contracts/scripts';
import type { Actor } from '../shared/actor';
import { invalidState, notFound } from '../errors';
import type { Executor } from '../storage/db';
import { scriptableBot } from './bot-scope';
import { findScriptVersion, parseSnapshot, type ScriptVersionRow } from './script-versions.repo';
import { findScript } from './scripts.repo';

export type ScriptSnapshot = Omit<ScriptVersionRow, 'snapshot'> & { script: ScriptBody };

/** A script as it was saved at one version. */
export async function getScriptVersion(db: Executor, input: { actor: Actor; botId: number; code: string; version: number }): Promise<ScriptSnapshot> {
  const bot = await scriptableBot(db, input.actor, input.botId);
  const script = await findScript(db, bot.id, input.code);
  if (!script) throw notFound(`Script "${input.code}"`);
  const row = await findScriptVersion(db, script.id, input.version);
  if (!row) throw notFound(`Version ${input.version} of script "${input.code}"`);
  const body = parseSnapshot(row.snapshot);
  if (!body) throw invalidState(`Version ${input.version} of script "${input.code}" no longer fits the script format`);
  const { snapshot: _, ...info } = row;
  return { ...info, script: body };
}
