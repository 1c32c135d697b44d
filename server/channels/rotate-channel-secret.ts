import type { Actor } from '../shared/actor';
import { newSecret } from '../accounts/index';
import { forbidden, notFound } from '../errors';
import type { Db } from '../storage/db';
import type { Channel } from '../storage/schema';
import { canManageChannels } from './channels.policy';
import { updateChannelOfBusiness } from './channels.repo';
import { recordAudit } from '../audit/index';

/**
 * Replaces a channel's webhook secret and returns the new one, once. Every delivery attempted
 * from now on, queued earlier or not, is signed with the new secret.
 */
export async function rotateChannelSecret(
  db: Db,
  input: { actor: Actor; channelId: number; now: number },
): Promise<{ channel: Channel; webhookSecret: string }> {
  const { actor, channelId } = input;
  if (!canManageChannels(actor)) throw forbidden('Only admins and bot editors manage channels');
  const webhookSecret = newSecret();
  return db.transaction().execute(async (tx) => {
    const channel = await updateChannelOfBusiness(tx, actor.businessId, channelId, { webhookSecret });
    if (!channel) throw notFound('Channel');
    await recordAudit(tx, actor, { action: 'channel.rotate_secret', target: { type: 'channel', id: channelId }, now: input.now });
    return { channel, webhookSecret };
  });
}
