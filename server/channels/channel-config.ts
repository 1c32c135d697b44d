import { z } from 'zod';
import { TelegramInfo } from '../../contracts/channels';
import { WidgetSettings } from '../../contracts/widget';
import { parseColumn } from '../storage/json-column';
import type { Channel } from '../storage/schema';

/** A Telegram channel's `config`: the bot getMe answered, how updates arrive, the keyboard layout. */
export const TelegramConfig = TelegramInfo;
export type TelegramConfig = z.infer<typeof TelegramConfig>;

/** The Telegram settings of a Telegram channel (a corrupt config throws, naming the channel); null for other kinds. */
export function telegramConfig(c: Pick<Channel, 'id' | 'kind' | 'config'>): TelegramConfig | null {
  return c.kind === 'telegram' ? parseColumn(TelegramConfig, c.config, `channels.config of channel ${c.id}`) : null;
}

const TelegramCredentials = z.object({ token: z.string().min(1) });

/** A Telegram channel's bot token, from `credentials` (never presented, exported or logged). */
export function telegramToken(c: Pick<Channel, 'id' | 'credentials'>): string {
  if (c.credentials === null) throw new Error(`channel ${c.id} has no Telegram token`);
  return parseColumn(TelegramCredentials, c.credentials, `channels.credentials of channel ${c.id}`).token;
}

/** What `credentials` holds for a Telegram channel. */
export function telegramCredentials(token: string): string {
  return JSON.stringify({ token } satisfies z.infer<typeof TelegramCredentials>);
}

/** A widget channel's `config`: what its admin chose. */
export const WidgetConfig = z.object({ settings: WidgetSettings });
export type WidgetConfig = z.infer<typeof WidgetConfig>;

/** The settings of a widget channel (a corrupt config throws, naming the channel); null for other kinds. */
export function widgetSettings(c: Pick<Channel, 'id' | 'kind' | 'config'>): WidgetSettings | null {
  return c.kind === 'widget' ? parseColumn(WidgetConfig, c.config, `channels.config of channel ${c.id}`).settings : null;
}

/** The tag a site pastes before </body> to get the chat. */
export function widgetSnippet(publicUrl: string, key: string): string {
  return `<script src="${publicUrl}/widget.js" data-key="${key}" async></script>`;
}
