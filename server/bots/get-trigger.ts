import type { Actor } from '../shared/actor';
import { notFound } from '../errors';
import type { Executor } from '../storage/db';
import { scriptableBot } from './bot-scope';
import { findTriggerOfBot, type StoredTrigger } from './triggers.repo';

export async function getTrigger(db: Executor, input: { actor: Actor; botId: number; code: string }): Promise<StoredTrigger> {
  const bot = await scriptableBot(db, input.actor, input.botId);
  const trigger = await findTriggerOfBot(db, bot.id, input.code);
  if (!trigger) throw notFound(`Trigger "${input.code}"`);
  return trigger;
}
