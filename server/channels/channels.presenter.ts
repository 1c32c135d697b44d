import type { Channel as ChannelDto, Delivery } from '../../contracts/channels';
import type { Channel } from '../storage/schema';
import type { OutboxRow } from './outbox.repo';
import { telegramConfig, widgetSettings, widgetSnippet } from './channel-config';

/** A channel for lists and edits: the webhook secret and a messenger's token never leave through here. */
export function presentChannel(c: Channel, publicUrl: string): ChannelDto {
  const settings = widgetSettings(c);
  return {
    id: c.id,
    botId: c.bot_id,
    kind: c.kind,
    name: c.name,
    webhookUrl: c.webhook_url,
    hasWebhook: c.webhook_url !== null,
    telegram: telegramConfig(c),
    widget: settings && c.public_key ? { key: c.public_key, settings, snippet: widgetSnippet(publicUrl, c.public_key) } : null,
    createdAt: c.created_at,
  };
}

export function presentDelivery(r: OutboxRow): Delivery {
  return {
    id: r.id,
    leadId: r.lead_id,
    messageId: r.message_id,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    nextAttemptAt: r.next_attempt_at,
  };
}
