import type { ChannelHealth } from '../../contracts/channels';
import type { Actor } from '../shared/actor';
import { forbidden, notFound } from '../errors';
import type { Executor } from '../storage/db';
import { telegramConfig } from './channel-config';
import { pollerActive, readDeliveryHealth } from './channel-health.repo';
import { canManageChannels } from './channels.policy';
import { findChannel } from './channels.repo';

/**
 * Whether a channel of the actor's business gets its messages out: the last acknowledged delivery,
 * what is failing now (and why), what waits; for Telegram, how updates come in. Another business's
 * channel is a 404. Reads only: nothing is asked of the messenger.
 */
export async function readChannelHealth(deps: { db: Executor; clock: () => number }, input: { actor: Actor; channelId: number }): Promise<ChannelHealth> {
  const { actor } = input;
  if (!canManageChannels(actor)) throw forbidden('Only admins and bot editors manage channels');
  const channel = await findChannel(deps.db, actor.businessId, input.channelId);
  if (!channel) throw notFound('Channel');
  const deliveries = await readDeliveryHealth(deps.db, channel.id);
  const tg = telegramConfig(channel);
  const telegram = tg ? { updates: tg.updates, pollerActive: tg.updates === 'polling' && (await pollerActive(deps.db, channel.id, deps.clock())) } : null;
  return { ...deliveries, telegram };
}
