// Connecting a Telegram bot to a channel: its token checked with getMe, updates routed to us by
// setWebhook (with a secret) or left for the poller (deleteWebhook).
import type { TelegramUpdates } from '../../../contracts/channels';
import { AppError, badInput } from '../../errors';
import { describeTelegramError, isGrammyError, telegramApi } from './api';
import { ALLOWED_UPDATES } from './update.rules';

/** Telegram's own Bot API accepts only https webhook addresses; a self-hosted telegram-bot-api also takes http. */
const TELEGRAM_CLOUD = 'https://api.telegram.org';

export interface TelegramSetupDeps {
  apiRoot: string;
  /** PUBLIC_URL: where Telegram reaches this server's webhook. */
  publicUrl: string;
}

/** Where Telegram posts a channel's updates. */
export function telegramWebhookUrl(publicUrl: string, channelId: number): string {
  return `${publicUrl}/api/v1/channels/${channelId}/telegram`;
}

/** Webhook when this server has an https address Telegram can reach; else long polling. */
export function defaultUpdates(deps: TelegramSetupDeps): TelegramUpdates {
  return deps.publicUrl.startsWith('https://') ? 'webhook' : 'polling';
}

/** Refuses a webhook Telegram would refuse (an http address on Telegram's own servers), before anything is stored. */
export function checkUpdatesMode(deps: TelegramSetupDeps, updates: TelegramUpdates): void {
  if (updates === 'webhook' && deps.apiRoot === TELEGRAM_CLOUD && !deps.publicUrl.startsWith('https://')) {
    throw badInput(
      'body.updates',
      `Telegram posts updates only to https addresses and PUBLIC_URL is ${deps.publicUrl}: set PUBLIC_URL to https://… or choose "polling"`,
    );
  }
}

/** The bot a token belongs to (getMe); a token Telegram does not know is a 400 on body.token. */
export async function botOfToken(deps: TelegramSetupDeps, token: string): Promise<{ botUserId: number; username: string }> {
  try {
    const api = await telegramApi(token, { apiRoot: deps.apiRoot });
    const me = await api.getMe();
    return { botUserId: me.id, username: me.username };
  } catch (err) {
    if (isGrammyError(err) && (err.error_code === 401 || err.error_code === 404)) {
      throw badInput('body.token', 'Telegram does not know this token (401 Unauthorized): copy it again from @BotFather');
    }
    throw upstream(err);
  }
}

/**
 * Routes the bot's updates to this server: setWebhook with the channel's secret (Telegram sends it
 * back on every call), or deleteWebhook so that getUpdates (the poller) gets them. Updates Telegram
 * holds are kept either way.
 */
export async function routeUpdates(deps: TelegramSetupDeps, o: { token: string; channelId: number; updates: TelegramUpdates; secret: string }): Promise<void> {
  try {
    const api = await telegramApi(o.token, { apiRoot: deps.apiRoot });
    if (o.updates === 'webhook') {
      await api.setWebhook(telegramWebhookUrl(deps.publicUrl, o.channelId), { secret_token: o.secret, allowed_updates: [...ALLOWED_UPDATES] });
    } else {
      await api.deleteWebhook({ drop_pending_updates: false });
    }
  } catch (err) {
    throw upstream(err);
  }
}

/** Stops Telegram sending this bot's updates here (the channel was given another token or deleted). */
export async function stopUpdates(deps: TelegramSetupDeps, token: string): Promise<void> {
  try {
    const api = await telegramApi(token, { apiRoot: deps.apiRoot });
    await api.deleteWebhook({ drop_pending_updates: false });
  } catch {
    // The old token may already be revoked: nothing to undo then.
  }
}

function upstream(err: unknown): AppError {
  return new AppError('upstream_failed', `${describeTelegramError(err)}; nothing was changed, try again`);
}
