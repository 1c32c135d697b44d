import type { Actor } from '../shared/actor';
import { findBot } from '../bots/index';
import { forbidden, notFound } from '../errors';
import type { Executor } from '../storage/db';
import type { Channel } from '../storage/schema';
import { canManageChannels } from './channels.policy';
import { listChannelsOfBusiness } from './channels.repo';

/** The business's channels, or one bot's (404 for a bot of another business). */
export async function listChannels(db: Executor, input: { actor: Actor; botId?: number | undefined }): Promise<Channel[]> {
  const { actor, botId } = input;
  if (!canManageChannels(actor)) throw forbidden('Only admins and bot editors manage channels');
  if (botId !== undefined && !(await findBot(db, actor.businessId, botId))) throw notFound('Bot');
  return listChannelsOfBusiness(db, actor.businessId, botId);
}
