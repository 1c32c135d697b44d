import {
  ChannelHealthResponse,
  ChannelList,
  ChannelResponse,
  ChannelsQuery,
  ChannelWithSecret,
  CreateChannelBody,
  DeliveriesQuery,
  DeliveryList,
  DeliveryParams,
  DeliveryResponse,
  UpdateChannelBody,
} from '../../contracts/channels';
import { IdParam } from '../../contracts/common';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { requireActor } from '../http/auth';
import type { WebhookTargets } from '../net/webhook-target';
import { presentChannel, presentDelivery } from './channels.presenter';
import { createChannel } from './create-channel';
import { listChannels } from './list-channels';
import { listDeliveries } from './list-deliveries';
import { readChannelHealth } from './read-channel-health';
import { retryDelivery } from './retry-delivery';
import { rotateChannelSecret } from './rotate-channel-secret';
import { updateChannel } from './update-channel';
import type { TelegramSetupDeps } from './telegram/setup';

const tags = ['channels'];

/** Webhook URLs are judged on save as at delivery (WEBHOOK_ALLOW_PRIVATE, the system resolver). */
const webhookTargets = (ctx: AppContext): WebhookTargets => ({ allowPrivate: ctx.config.WEBHOOK_ALLOW_PRIVATE });
/** Where Telegram's Bot API is and where it reaches this server. */
const telegramSetup = (ctx: AppContext): TelegramSetupDeps => ({ apiRoot: ctx.config.TELEGRAM_API_ROOT, publicUrl: ctx.config.PUBLIC_URL });

/** Channels that connect bots to messengers, and their outgoing deliveries (admins and bot editors). */
export function channelsRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/api/v1/channels',
    { schema: { tags, summary: 'Channels of the business, optionally of one bot', querystring: ChannelsQuery, response: { 200: ChannelList } } },
    async (req) => {
      const rows = await listChannels(ctx.db, { actor: requireActor(req), botId: req.query.botId });
      return { channels: rows.map((c) => presentChannel(c, ctx.config.PUBLIC_URL)) };
    },
  );

  app.post(
    '/api/v1/channels',
    {
      schema: {
        tags,
        summary: 'Create a channel: an API channel, or a Telegram bot connected by its token; the webhook secret is shown once',
        body: CreateChannelBody,
        response: { 201: ChannelWithSecret },
      },
    },
    async (req, reply) => {
      const r = await createChannel(
        { db: ctx.db, clock: ctx.clock, webhooks: webhookTargets(ctx), telegram: telegramSetup(ctx) },
        { actor: requireActor(req), channel: req.body },
      );
      return reply.status(201).send({ channel: presentChannel(r.channel, ctx.config.PUBLIC_URL), webhookSecret: r.webhookSecret });
    },
  );

  app.patch(
    '/api/v1/channels/:id',
    {
      schema: {
        tags,
        summary: "Rename; set or remove (null) an API channel's webhook URL; change a Telegram channel's token, updates mode or button columns",
        params: IdParam,
        body: UpdateChannelBody,
        response: { 200: ChannelResponse },
      },
    },
    async (req) => {
      const channel = await updateChannel(
        { db: ctx.db, clock: ctx.clock, webhooks: webhookTargets(ctx), telegram: telegramSetup(ctx) },
        { actor: requireActor(req), channelId: req.params.id, patch: req.body },
      );
      return { channel: presentChannel(channel, ctx.config.PUBLIC_URL) };
    },
  );

  app.post(
    '/api/v1/channels/:id/rotate-secret',
    { schema: { tags, summary: 'Replace the webhook secret; the new one is shown once', params: IdParam, response: { 200: ChannelWithSecret } } },
    async (req) => {
      const r = await rotateChannelSecret(ctx.db, { actor: requireActor(req), channelId: req.params.id, now: ctx.clock() });
      return { channel: presentChannel(r.channel, ctx.config.PUBLIC_URL), webhookSecret: r.webhookSecret };
    },
  );

  app.get(
    '/api/v1/channels/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'Undelivered outgoing messages: pending (retrying) and dead',
        params: IdParam,
        querystring: DeliveriesQuery,
        response: { 200: DeliveryList },
      },
    },
    async (req) => {
      const page = await listDeliveries(ctx.db, { actor: requireActor(req), channelId: req.params.id, ...req.query });
      return { deliveries: page.rows.map(presentDelivery), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/v1/channels/:id/health',
    {
      schema: {
        tags,
        summary: 'Whether outgoing messages get through: the last delivery, failing and waiting deliveries, the last error',
        params: IdParam,
        response: { 200: ChannelHealthResponse },
      },
    },
    async (req) => ({ health: await readChannelHealth(ctx, { actor: requireActor(req), channelId: req.params.id }) }),
  );

  app.post(
    '/api/v1/channels/:id/deliveries/:deliveryId/retry',
    { schema: { tags, summary: 'Retry a dead delivery (or a pending one now)', params: DeliveryParams, response: { 200: DeliveryResponse } } },
    async (req) => {
      const row = await retryDelivery(ctx, { actor: requireActor(req), channelId: req.params.id, deliveryId: req.params.deliveryId });
      return { delivery: presentDelivery(row) };
    },
  );
}
