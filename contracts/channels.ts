import { z } from 'zod';
import { Id, Millis } from './common';
import { ChannelKind } from './inbox';
import { LIMITS } from './limits';
import { NextCursor, pageQuery } from './pagination';
import { WidgetKey, WidgetSettings, WidgetSettingsPatch } from './widget';

/** Field limits of the channels API, shared by the server and the admin UI. */
export const CHANNEL_LIMITS = {
  name: 100,
  webhookUrl: 2048,
} as const;

const ChannelName = z.string().trim().min(1).max(CHANNEL_LIMITS.name);
/** Where outgoing messages of an API channel are POSTed; credentials belong in the signature, not the URL. */
const WebhookUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .max(CHANNEL_LIMITS.webhookUrl)
  // zod runs this even when the URL check above failed, so it must not throw on a non-URL.
  .refine((u) => {
    const p = URL.canParse(u) ? new URL(u) : null;
    return !p || (p.username === '' && p.password === '');
  }, 'must not contain a user name or password');

/** How a Telegram channel gets its updates: Telegram posts them to this server (needs an https PUBLIC_URL), or the server asks for them. */
export const TelegramUpdates = z.enum(['webhook', 'polling']);
export type TelegramUpdates = z.infer<typeof TelegramUpdates>;

/** Buttons per row of a bot's inline keyboard: 1 is one column. */
const ButtonColumns = z.number().int().min(1).max(8);

/** A Telegram bot's token as @BotFather gives it: `<bot id>:<secret>`. */
export const TelegramToken = z
  .string()
  .trim()
  .regex(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, 'a bot token as @BotFather gives it, e.g. 123456789:AAH…');

/** What admins see of a Telegram channel (never its token). */
export const TelegramInfo = z.object({
  /** The bot's @username (without @), from getMe. */
  username: z.string(),
  /** The bot's Telegram user id. */
  botUserId: z.number().int(),
  updates: TelegramUpdates,
  buttonColumns: ButtonColumns,
});
export type TelegramInfo = z.infer<typeof TelegramInfo>;

/** What admins see of a web widget channel. */
export const WidgetInfo = z.object({
  /** Public: it is in the snippet on every page of the site. */
  key: WidgetKey,
  settings: WidgetSettings,
  /** The one tag that puts the chat on a site (before </body>). */
  snippet: z.string(),
});
export type WidgetInfo = z.infer<typeof WidgetInfo>;

/** A channel as lists show it: the webhook secret and a messenger's token are never listed, only whether a webhook is set. */
export const Channel = z
  .object({
    id: Id,
    botId: Id,
    kind: ChannelKind,
    name: z.string(),
    /** API channels: where operator messages are POSTed (null: they stay in Metadesk, nothing is sent). */
    webhookUrl: z.string().nullable(),
    /** True when outgoing messages are delivered to a webhook. */
    hasWebhook: z.boolean(),
    /** Telegram channels: the bot and how it is connected; null for other kinds. */
    telegram: TelegramInfo.nullable(),
    /** Widget channels: the public key, the settings and the snippet to paste into a site; null for other kinds. */
    widget: WidgetInfo.nullable(),
    createdAt: Millis,
  })
  .meta({ id: 'Channel' });
export type Channel = z.infer<typeof Channel>;

export const ChannelResponse = z.object({ channel: Channel });
export type ChannelResponse = z.infer<typeof ChannelResponse>;

/** The answer of create and rotate-secret: the only times the webhook secret is shown. */
export const ChannelWithSecret = z.object({
  channel: Channel,
  /** Key of the HMAC-SHA256 `x-metadesk-signature` on every webhook call; store it now, it is not shown again. */
  webhookSecret: z.string(),
});
export type ChannelWithSecret = z.infer<typeof ChannelWithSecret>;

export const ChannelList = z.object({
  /** Channels of the business (or of one bot), oldest first. */
  channels: z.array(Channel),
});
export type ChannelList = z.infer<typeof ChannelList>;

export const ChannelsQuery = z.object({
  /** Only this bot's channels. */
  botId: z.coerce.number().int().positive().optional(),
});

const apiChannel = z.strictObject({
  /** The bot this channel feeds. */
  botId: Id,
  kind: z.literal('api'),
  /** Display name (trimmed, 1-100 characters). */
  name: ChannelName,
  /** http(s) URL to POST outgoing messages to. */
  webhookUrl: WebhookUrl.nullable().optional(),
});

const telegramChannel = z.strictObject({
  botId: Id,
  kind: z.literal('telegram'),
  name: ChannelName,
  /** The token from @BotFather; checked with getMe, stored, never shown again. */
  token: TelegramToken,
  /** Default: webhook when PUBLIC_URL is https, else polling. */
  updates: TelegramUpdates.optional(),
  /** Buttons per row of inline keyboards (default 1: one column). */
  buttonColumns: ButtonColumns.optional(),
});

const widgetChannel = z.strictObject({
  botId: Id,
  kind: z.literal('widget'),
  name: ChannelName,
  /** Defaults: one button per row, times shown, any site, the widget's own title. */
  settings: WidgetSettings.optional(),
});

/** A new channel: an API channel, a Telegram bot connected by its token, or a web widget for sites. */
export const CreateChannelBody = z.discriminatedUnion('kind', [apiChannel, telegramChannel, widgetChannel]);
export type CreateChannelBody = z.infer<typeof CreateChannelBody>;

export const UpdateChannelBody = z.strictObject({
  name: ChannelName.optional(),
  /** API channels: a new webhook URL, or null to stop delivering (messages then stay inside Metadesk). */
  webhookUrl: WebhookUrl.nullable().optional(),
  /** Telegram channels: a new token (the same bot or another; checked with getMe). */
  token: TelegramToken.optional(),
  /** Telegram channels. */
  updates: TelegramUpdates.optional(),
  /** Telegram channels. */
  buttonColumns: ButtonColumns.optional(),
  /** Widget channels: the settings to change (the others stay). */
  widget: WidgetSettingsPatch.optional(),
});
export type UpdateChannelBody = z.infer<typeof UpdateChannelBody>;

export const DeliveryStatus = z.enum(['pending', 'done', 'dead']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;
/** A delivery not (yet) acknowledged: still tried, or given up. */
export const UndeliveredStatus = DeliveryStatus.exclude(['done']);
export type UndeliveredStatus = z.infer<typeof UndeliveredStatus>;

/** One queued outgoing message of a channel (an outbox row). */
export const Delivery = z
  .object({
    /** Also sent as `x-metadesk-delivery`: receivers dedupe on it. */
    id: Id,
    leadId: Id,
    messageId: Id.nullable(),
    /** pending: will be (re)tried; done: acknowledged with a 2xx; dead: given up after 3 days of failures. */
    status: DeliveryStatus,
    /** Attempts made so far. */
    attempts: z.number().int(),
    /** Why the last attempt failed (HTTP status, timeout, refused address). */
    lastError: z.string().nullable(),
    /** When the next attempt is due (pending only). */
    nextAttemptAt: Millis,
  })
  .meta({ id: 'Delivery' });
export type Delivery = z.infer<typeof Delivery>;

export const DeliveryResponse = z.object({ delivery: Delivery });
export type DeliveryResponse = z.infer<typeof DeliveryResponse>;

export const DeliveriesQuery = z.strictObject({
  /** Only pending or only dead deliveries; both when omitted. */
  status: UndeliveredStatus.optional(),
  ...pageQuery({ default: 50, max: LIMITS.pageSize }),
});

export const DeliveryList = z.object({
  /** Oldest first: the head of a lead's queue is what holds the rest back. */
  deliveries: z.array(Delivery),
  nextCursor: NextCursor,
});
export type DeliveryList = z.infer<typeof DeliveryList>;

export const DeliveryParams = z.object({
  id: z.coerce.number().int().positive(),
  deliveryId: z.coerce.number().int().positive(),
});

/** GET /api/v1/channels/:id/health: whether a channel's outgoing messages get through, read from its outbox. */
export const ChannelHealth = z.object({
  /** When the newest acknowledged delivery was made; null: none in the last 7 days (delivered rows are kept that long). */
  lastDeliveredAt: Millis.nullable(),
  /** Undelivered messages whose last attempt failed: still retried (pending) or given up (dead). */
  failing: z.number().int(),
  /** Of `failing`, those given up after 3 days of failures: only Retry sends them again. */
  dead: z.number().int(),
  /** Queued messages not yet tried (or re-armed by Retry), waiting for the worker. */
  waiting: z.number().int(),
  /** Why the newest failing delivery failed (HTTP status, timeout, Telegram's words); null when nothing is failing. */
  lastError: z.string().nullable(),
  /** Telegram channels: how updates arrive, and for polling whether a server process polls the bot now; null for other kinds. */
  telegram: z.object({ updates: TelegramUpdates, pollerActive: z.boolean() }).nullable(),
});
export type ChannelHealth = z.infer<typeof ChannelHealth>;

export const ChannelHealthResponse = z.object({ health: ChannelHealth });
export type ChannelHealthResponse = z.infer<typeof ChannelHealthResponse>;
