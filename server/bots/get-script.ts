import type { Actor } from '../shared/actor';
import { notFound } from '../errors';
import type { Executor } from '../storage/db';
import { scriptableBot } from './bot-scope';
import { findScript, type StoredScript } from './scripts.repo';

/** One script of a bot of the actor's business, with its commands. */
export async function getScript(db: Executor, input: { actor: Actor; botId: number; code: string }): Promise<StoredScript> {
  const bot = await scriptableBot(db, input.actor, input.botId);
  const script = await findScript(db, bot.id, input.code);
  if (!script) throw notFound(`Script "${input.code}"`);
  return script;
}
