import type { Actor } from '../shared/actor';
import { badInput, forbidden, notFound } from '../errors';
import { refusedWebhookUrl, type WebhookTargets } from '../net/webhook-target';
import type { Db } from '../storage/db';
import type { Channel } from '../storage/schema';
import { canManageChannels, usesWebhook } from './channels.policy';
import { findChannel, updateChannelOfBusiness } from './channels.repo';

/**
 * Renames a channel or changes (null: removes) its webhook URL. Deliveries already queued go to
 * the URL current when they are attempted. Another business's channel is a 404, never a change. A
 * webhook URL delivery would refuse (private, loopback, link-local unless allowed) is a 400 on body.webhookUrl.
 */
export async function updateChannel(
  deps: { db: Db; webhooks: WebhookTargets },
  input: { actor: Actor; channelId: number; patch: { name?: string | undefined; webhookUrl?: string | null | undefined } },
): Promise<Channel> {
  const { actor, channelId, patch } = input;
  if (!canManageChannels(actor)) throw forbidden('Only admins and bot editors manage channels');
  // Resolved before the transaction: no transaction waits on DNS.
  const refused = patch.webhookUrl ? await refusedWebhookUrl(patch.webhookUrl, deps.webhooks) : null;
  if (refused) throw badInput('body.webhookUrl', refused);
  return deps.db.transaction().execute(async (tx) => {
    const channel = await findChannel(tx, actor.businessId, channelId);
    if (!channel) throw notFound('Channel');
    if (patch.webhookUrl && !usesWebhook(channel.kind)) throw badInput('body.webhookUrl', `${channel.kind} channels do not deliver to a webhook`);
    const updated = await updateChannelOfBusiness(tx, actor.businessId, channelId, { name: patch.name?.trim(), webhookUrl: patch.webhookUrl });
    if (!updated) throw notFound('Channel');
    return updated;
  });
}
