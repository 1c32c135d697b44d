import type { Actor } from '../shared/actor';
import { newSecret } from '../accounts/index';
import { forbidden, notFound } from '../errors';
import type { Executor } from '../storage/db';
import type { Channel } from '../storage/schema';
import { canManageChannels } from './channels.policy';
import { updateChannelOfBusiness } from './channels.repo';

/**
 * Replaces a channel's webhook secret and returns the new one, once. Every delivery attempted
 * from now on, queued earlier or not, is signed with the new secret.
 */
export async function rotateChannelSecret(db: Executor, input: { actor: Actor; channelId: number }): Promise<{ channel: Channel; webhookSecret: string }> {
  const { actor, channelId } = input;
  if (!canManageChannels(actor)) throw forbidden('Only admins and bot editors manage channels');
  const webhookSecret = newSecret();
  const channel = await updateChannelOfBusiness(db, actor.businessId, channelId, { webhookSecret });
  if (!channel) throw notFound('Channel');
  return { channel, webhookSecret };
}
