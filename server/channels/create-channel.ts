import type { CreateChannelBody } from '../../contracts/channels';
import type { Actor } from '../shared/actor';
import { newSecret } from '../accounts/index';
import { findBot } from '../bots/index';
import { badInput, forbidden, notFound } from '../errors';
import { refusedWebhookUrl, type WebhookTargets } from '../net/webhook-target';
import type { Db } from '../storage/db';
import type { Channel } from '../storage/schema';
import { canManageChannels } from './channels.policy';
import { deleteChannel, insertChannel } from './channels.repo';
import { WidgetSettings } from '../../contracts/widget';
import { telegramCredentials, type TelegramConfig, type WidgetConfig } from './channel-config';
import { botOfToken, checkUpdatesMode, defaultUpdates, routeUpdates, type TelegramSetupDeps } from './telegram/setup';
import { recordAudit } from '../audit/index';

export interface CreateChannelDeps {
  db: Db;
  clock: () => number;
  webhooks: WebhookTargets;
  telegram: TelegramSetupDeps;
}

/**
 * Connects a bot of the actor's business to a new channel with a fresh webhook secret, returned
 * here once (it signs every webhook call of an API channel). An API channel's webhook URL that
 * delivery would refuse (private, loopback, link-local unless allowed) is a 400 on body.webhookUrl.
 * A widget channel gets a public key for its snippet. A Telegram channel is connected by its bot's token: checked with getMe, then the bot's updates are
 * routed here (setWebhook with the secret, or left for the poller); if Telegram refuses that, the
 * channel is not kept.
 */
export async function createChannel(
  deps: CreateChannelDeps,
  input: { actor: Actor; channel: CreateChannelBody },
): Promise<{ channel: Channel; webhookSecret: string }> {
  const { actor, channel: c } = input;
  if (!canManageChannels(actor)) throw forbidden('Only admins and bot editors manage channels');
  // Everything that waits on the network happens outside the transaction.
  if (c.kind === 'api') {
    const refused = c.webhookUrl ? await refusedWebhookUrl(c.webhookUrl, deps.webhooks) : null;
    if (refused) throw badInput('body.webhookUrl', refused);
    return store(deps, actor, { botId: c.botId, kind: 'api', name: c.name, webhookUrl: c.webhookUrl ?? null, config: {}, credentials: null });
  }
  if (c.kind === 'widget') {
    const config: WidgetConfig = { settings: WidgetSettings.parse(c.settings ?? {}) };
    return store(deps, actor, { botId: c.botId, kind: 'widget', name: c.name, webhookUrl: null, config, credentials: null, publicKey: newWidgetKey() });
  }
  const updates = c.updates ?? defaultUpdates(deps.telegram);
  checkUpdatesMode(deps.telegram, updates);
  if (!(await findBot(deps.db, actor.businessId, c.botId))) throw notFound('Bot');
  const bot = await botOfToken(deps.telegram, c.token);
  const config: TelegramConfig = { ...bot, updates, buttonColumns: c.buttonColumns ?? 1 };
  const created = await store(deps, actor, {
    botId: c.botId,
    kind: 'telegram',
    name: c.name,
    webhookUrl: null,
    config,
    credentials: telegramCredentials(c.token),
  });
  try {
    await routeUpdates(deps.telegram, { token: c.token, channelId: created.channel.id, updates, secret: created.webhookSecret });
  } catch (err) {
    await deleteChannel(deps.db, created.channel.id);
    throw err;
  }
  return created;
}

async function store(
  deps: CreateChannelDeps,
  actor: Actor,
  c: { botId: number; kind: Channel['kind']; name: string; webhookUrl: string | null; config: object; credentials: string | null; publicKey?: string },
): Promise<{ channel: Channel; webhookSecret: string }> {
  return deps.db.transaction().execute(async (tx) => {
    if (!(await findBot(tx, actor.businessId, c.botId))) throw notFound('Bot');
    const webhookSecret = newSecret();
    const channel = await insertChannel(tx, {
      businessId: actor.businessId,
      botId: c.botId,
      kind: c.kind,
      name: c.name.trim(),
      webhookUrl: c.webhookUrl,
      webhookSecret,
      config: JSON.stringify(c.config),
      credentials: c.credentials,
      publicKey: c.publicKey ?? null,
      createdAt: deps.clock(),
    });
    await recordAudit(tx, actor, {
      action: 'channel.create',
      target: { type: 'channel', id: channel.id },
      details: { kind: c.kind, name: channel.name, botId: c.botId, webhookUrl: c.webhookUrl },
      now: deps.clock(),
    });
    return { channel, webhookSecret };
  });
}

/** A widget's public key: it names the channel in every visitor's browser, so it is random, not a counter. */
function newWidgetKey(): string {
  return `wk_${newSecret(24)}`;
}
