import type { Actor } from '../shared/actor';
import { forbidden, notFound } from '../errors';
import type { Executor } from '../storage/db';
import { canEditScripts } from './bots.policy';
import { findBot, findBotForUpdate, type Bot } from './bots.repo';

/**
 * The bot whose scripts the actor works on: 403 without a scripting role, 404 for an unknown bot or
 * one of another business (never a hint that it exists). `lock` holds the bot's row until commit.
 */
export async function scriptableBot(db: Executor, actor: Actor, botId: number, o: { lock?: boolean } = {}): Promise<Bot> {
  if (!canEditScripts(actor)) throw forbidden('Only admins, bot editors and script editors work on scripts');
  const bot = await (o.lock ? findBotForUpdate : findBot)(db, actor.businessId, botId);
  if (!bot) throw notFound('Bot');
  return bot;
}
