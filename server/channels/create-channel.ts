import type { ChannelKind } from '../../contracts/inbox';
import type { Actor } from '../shared/actor';
import { newSecret } from '../accounts/index';
import { findBot } from '../bots/index';
import { badInput, forbidden, notFound } from '../errors';
import { refusedWebhookUrl, type WebhookTargets } from '../net/webhook-target';
import type { Db } from '../storage/db';
import type { Channel } from '../storage/schema';
import { canManageChannels, isCreatableKind } from './channels.policy';
import { insertChannel } from './channels.repo';

export interface NewChannelInput {
  botId: number;
  kind: ChannelKind;
  name: string;
  webhookUrl?: string | null | undefined;
}

/**
 * Connects a bot of the actor's business to a new channel with a fresh webhook secret, returned
 * here once (it signs every webhook call). Only API channels can be created for now. A webhook URL
 * delivery would refuse (a private, loopback or link-local target unless allowed) is a 400 on body.webhookUrl.
 */
export async function createChannel(
  deps: { db: Db; clock: () => number; webhooks: WebhookTargets },
  input: { actor: Actor; channel: NewChannelInput },
): Promise<{ channel: Channel; webhookSecret: string }> {
  const { actor, channel: c } = input;
  if (!canManageChannels(actor)) throw forbidden('Only admins and bot editors manage channels');
  if (!isCreatableKind(c.kind)) throw badInput('body.kind', `${c.kind} channels are not available yet; create an "api" channel`);
  // Resolved before the transaction: no transaction waits on DNS.
  const refused = c.webhookUrl ? await refusedWebhookUrl(c.webhookUrl, deps.webhooks) : null;
  if (refused) throw badInput('body.webhookUrl', refused);
  return deps.db.transaction().execute(async (tx) => {
    if (!(await findBot(tx, actor.businessId, c.botId))) throw notFound('Bot');
    const webhookSecret = newSecret();
    const channel = await insertChannel(tx, {
      businessId: actor.businessId,
      botId: c.botId,
      kind: c.kind,
      name: c.name.trim(),
      webhookUrl: c.webhookUrl ?? null,
      webhookSecret,
      createdAt: deps.clock(),
    });
    return { channel, webhookSecret };
  });
}
