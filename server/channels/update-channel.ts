import type { UpdateChannelBody } from '../../contracts/channels';
import type { Actor } from '../shared/actor';
import { badInput, forbidden, notFound } from '../errors';
import { refusedWebhookUrl, type WebhookTargets } from '../net/webhook-target';
import type { Db } from '../storage/db';
import type { Channel } from '../storage/schema';
import { canManageChannels, usesWebhook } from './channels.policy';
import { findChannel, updateChannelOfBusiness, type ChannelChanges } from './channels.repo';
import { telegramConfig, telegramCredentials, telegramToken, widgetSettings, type WidgetConfig } from './channel-config';
import { botOfToken, checkUpdatesMode, routeUpdates, stopUpdates, type TelegramSetupDeps } from './telegram/setup';
import { recordAudit } from '../audit/index';

/**
 * Renames a channel, changes (null: removes) an API channel's webhook URL, a Telegram channel's
 * token, how it gets updates and its keyboard layout, or a widget's settings. Deliveries already queued go the
 * way current when they are attempted. Another business's channel is a 404, never a change. Fields
 * of another kind are a 400 naming them.
 */
export async function updateChannel(
  deps: { db: Db; clock: () => number; webhooks: WebhookTargets; telegram: TelegramSetupDeps },
  input: { actor: Actor; channelId: number; patch: UpdateChannelBody },
): Promise<Channel> {
  const { actor, channelId, patch } = input;
  if (!canManageChannels(actor)) throw forbidden('Only admins and bot editors manage channels');
  const channel = await findChannel(deps.db, actor.businessId, channelId);
  if (!channel) throw notFound('Channel');
  if (patch.webhookUrl && !usesWebhook(channel.kind)) throw badInput('body.webhookUrl', `${channel.kind} channels do not deliver to a webhook`);
  for (const field of ['token', 'updates', 'buttonColumns'] as const) {
    if (patch[field] !== undefined && channel.kind !== 'telegram') throw badInput(`body.${field}`, `only Telegram channels have ${field}`);
  }
  if (patch.widget !== undefined && channel.kind !== 'widget') throw badInput('body.widget', 'only widget channels have widget settings');
  // Everything that waits on the network (DNS, Telegram) happens before the write.
  const refused = patch.webhookUrl ? await refusedWebhookUrl(patch.webhookUrl, deps.webhooks) : null;
  if (refused) throw badInput('body.webhookUrl', refused);
  const changes: ChannelChanges = { name: patch.name?.trim(), webhookUrl: patch.webhookUrl };
  if (channel.kind === 'telegram') Object.assign(changes, await reconnectTelegram(deps.telegram, channel, patch));
  if (channel.kind === 'widget' && patch.widget) {
    const settings = { ...widgetSettings(channel)!, ...stripUndefined(patch.widget) };
    changes.config = JSON.stringify({ settings } satisfies WidgetConfig);
  }
  return deps.db.transaction().execute(async (tx) => {
    const updated = await updateChannelOfBusiness(tx, actor.businessId, channelId, changes);
    if (!updated) throw notFound('Channel');
    await recordAudit(tx, actor, { action: 'channel.update', target: { type: 'channel', id: channelId }, details: { ...patch }, now: deps.clock() });
    return updated;
  });
}

/** A new token or updates mode is connected at Telegram first; the old token stops sending here. */
async function reconnectTelegram(deps: TelegramSetupDeps, channel: Channel, patch: UpdateChannelBody): Promise<ChannelChanges> {
  const config = telegramConfig(channel)!;
  const oldToken = telegramToken(channel);
  const token = patch.token ?? oldToken;
  const updates = patch.updates ?? config.updates;
  const next = { ...config, updates, buttonColumns: patch.buttonColumns ?? config.buttonColumns };
  if (patch.updates !== undefined) checkUpdatesMode(deps, updates);
  const connecting = token !== oldToken || updates !== config.updates;
  if (token !== oldToken) Object.assign(next, await botOfToken(deps, token));
  if (connecting) {
    await routeUpdates(deps, { token, channelId: channel.id, updates, secret: channel.webhook_secret });
    if (token !== oldToken) await stopUpdates(deps, oldToken);
  }
  return { config: JSON.stringify(next), ...(token !== oldToken ? { credentials: telegramCredentials(token) } : {}) };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
