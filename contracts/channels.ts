import { z } from 'zod';
import { Id, Millis } from './common';
import { ChannelKind } from './inbox';
import { LIMITS } from './limits';

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

/** A channel as lists show it: the webhook secret is never listed, only whether a webhook is set. */
export const Channel = z.object({
  id: Id,
  botId: Id,
  kind: ChannelKind,
  name: z.string(),
  /** API channels: where operator messages are POSTed (null: they stay in Metadesk, nothing is sent). */
  webhookUrl: z.string().nullable(),
  /** True when outgoing messages are delivered to a webhook. */
  hasWebhook: z.boolean(),
  createdAt: Millis,
});
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

export const CreateChannelBody = z.strictObject({
  /** The bot this channel feeds. */
  botId: Id,
  /** Only 'api' can be created for now; 'telegram' and 'widget' come later. */
  kind: ChannelKind,
  /** Display name (trimmed, 1-100 characters). */
  name: ChannelName,
  /** API channels: http(s) URL to POST outgoing messages to. */
  webhookUrl: WebhookUrl.nullable().optional(),
});
export type CreateChannelBody = z.infer<typeof CreateChannelBody>;

export const UpdateChannelBody = z.strictObject({
  name: ChannelName.optional(),
  /** A new webhook URL, or null to stop delivering (messages then stay inside Metadesk). */
  webhookUrl: WebhookUrl.nullable().optional(),
});
export type UpdateChannelBody = z.infer<typeof UpdateChannelBody>;

export const DeliveryStatus = z.enum(['pending', 'done', 'dead']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;
/** A delivery not (yet) acknowledged: still tried, or given up. */
export const UndeliveredStatus = DeliveryStatus.exclude(['done']);
export type UndeliveredStatus = z.infer<typeof UndeliveredStatus>;

/** One queued outgoing message of a channel (an outbox row). */
export const Delivery = z.object({
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
});
export type Delivery = z.infer<typeof Delivery>;

export const DeliveryResponse = z.object({ delivery: Delivery });
export type DeliveryResponse = z.infer<typeof DeliveryResponse>;

export const DeliveriesQuery = z.object({
  /** Only pending or only dead deliveries; both when omitted. */
  status: UndeliveredStatus.optional(),
  /** Page on: deliveries with an id greater than this. */
  after: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(50),
});

export const DeliveryList = z.object({
  /** Oldest first: the head of a lead's queue is what holds the rest back. */
  deliveries: z.array(Delivery),
  hasMore: z.boolean(),
});
export type DeliveryList = z.infer<typeof DeliveryList>;

export const DeliveryParams = z.object({
  id: z.coerce.number().int().positive(),
  deliveryId: z.coerce.number().int().positive(),
});
