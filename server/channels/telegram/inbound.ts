// Telegram's way in: updates by webhook (Telegram posts them here) or by long polling (poller.ts),
// both handed to receiveTelegramUpdate, which stores each update once.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Update } from 'grammy/types';
import { z } from 'zod';
import { IdParam } from '../../../contracts/common';
import { LIMITS } from '../../../contracts/limits';
import type { AppContext } from '../../context';
import { acceptedMime, checkedContent, cleanFileName } from '../../attachments/index';
import { AppError, notFound } from '../../errors';
import type { App } from '../../http/app-type';
import { findLeadByMessengerIdForUpdate, findMessage, markLeadReachable, markLeadUnreachable, messagePayload } from '../../leads/index';
import { commit } from '../../realtime/index';
import type { Channel } from '../../storage/schema';
import { findChannelById } from '../channels.repo';
import { telegramToken } from '../channel-config';
import type { IncomingFile, ReceiveLeadMessage } from '../inbound-port';
import { describeTelegramError, type telegramClients } from './api';
import { readUpdate, type FileRef, type TelegramInput } from './update.rules';

export interface TelegramInboundDeps {
  ctx: Pick<AppContext, 'db' | 'bus' | 'clock' | 'log' | 'blobs' | 'config'>;
  receiveLeadMessage: ReceiveLeadMessage;
  clients: ReturnType<typeof telegramClients>;
}

/** The header Telegram sends with every webhook call: the secret_token given to setWebhook. */
export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/** A Telegram update as the webhook takes it: its id is checked, the rest is read by update.rules.ts. */
const UpdateBody = z.looseObject({ update_id: z.number().int().nonnegative() });

/**
 * `POST /api/v1/channels/:id/telegram`: Telegram's webhook. Public (Telegram sends no credentials
 * of ours) but refused unless it carries the channel's secret token, checked before the body is read.
 * A 200 means the update is stored; anything else makes Telegram send it again.
 */
export function telegramWebhookRoutes(app: App, deps: TelegramInboundDeps): void {
  app.post(
    '/api/v1/channels/:id/telegram',
    {
      config: { public: true },
      schema: {
        tags: ['telegram'],
        summary: 'Telegram webhook: an update for a Telegram channel (Telegram calls this; checked by X-Telegram-Bot-Api-Secret-Token)',
        security: [],
        params: IdParam,
        body: UpdateBody,
      },
      preValidation: async (req) => {
        const channel = await findChannelById(deps.ctx.db, (req.params as { id: number }).id);
        if (!channel || channel.kind !== 'telegram') throw notFound('Telegram channel');
        if (!sameSecret(req.headers[SECRET_HEADER], channel.webhook_secret))
          throw new AppError('unauthenticated', 'Wrong or missing X-Telegram-Bot-Api-Secret-Token');
        req.telegramChannel = channel;
      },
    },
    async (req) => {
      await receiveTelegramUpdate(deps, req.telegramChannel!, req.body as Update);
      return {};
    },
  );
}

declare module 'fastify' {
  interface FastifyRequest {
    telegramChannel?: Channel;
  }
}

function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Stores one update: a lead's message (with its file fetched from Telegram first), a button it
 * pressed, or that it blocked or unblocked the bot. A repeated update (same update_id) is stored
 * once: its message carries `tg:<update_id>` as client message id. Throws when the update could not
 * be stored, so that Telegram (or the poller) brings it again.
 */
export async function receiveTelegramUpdate(deps: TelegramInboundDeps, channel: Channel, update: Update): Promise<void> {
  const input = readUpdate(update);
  const log = deps.ctx.log.child({ channelId: channel.id, updateId: update.update_id });
  switch (input.kind) {
    case 'ignored':
      log.info({ reason: input.reason }, 'telegram update not for a lead: not stored');
      return;
    case 'stale_button':
      await answerButton(deps, channel, input.callbackQueryId, log);
      return;
    case 'reachability':
      await commit(deps.ctx, channel.business_id, async (tx) => {
        const lead = await findLeadByMessengerIdForUpdate(tx, channel.id, String(input.chatId));
        if (!lead) return { result: null, events: [] };
        const now = deps.ctx.clock();
        const events = input.reachable ? await markLeadReachable(tx, lead.id) : await markLeadUnreachable(tx, { leadId: lead.id, reason: 'blocked', now });
        return { result: null, events };
      });
      return;
    case 'button':
      await receiveButton(deps, channel, input);
      await answerButton(deps, channel, input.callbackQueryId, log);
      return;
    case 'message':
      await receiveMessage(deps, channel, input, log);
  }
}

async function receiveMessage(deps: TelegramInboundDeps, channel: Channel, input: Extract<TelegramInput, { kind: 'message' }>, log: AppContext['log']) {
  const fetched = input.file ? await fetchFile(deps, channel, input.file, log) : null;
  const attributes: Record<string, string> = {};
  if (input.sender.username) attributes.sys_username = input.sender.username;
  if (input.phone) attributes.sys_phone = normalisedPhone(input.phone);
  if (input.startParam) attributes.sys_start_param = input.startParam;
  const payload = fetched?.refused ? withRefusal(input.payload, fetched.refused) : input.payload;
  const text = input.text || (fetched?.refused && input.file ? `📎 ${input.file.name}` : '');
  try {
    const { result } = await commit(deps.ctx, channel.business_id, (tx) =>
      deps.receiveLeadMessage(tx, {
        channel,
        messengerId: String(input.chatId),
        name: input.sender.name,
        language: input.sender.language ?? undefined,
        clientMessageId: input.clientMessageId,
        text: text.slice(0, LIMITS.messageText),
        payload,
        files: fetched?.file ? [fetched.file] : [],
        attributes,
        now: deps.ctx.clock(),
      }),
    );
    // A repeated update: its file was stored the first time.
    if (result.duplicate && fetched?.file) await deps.ctx.blobs.delete(fetched.file.storageKey);
  } catch (err) {
    if (fetched?.file) await deps.ctx.blobs.delete(fetched.file.storageKey);
    throw err;
  }
}

/** A pressed inline button is the lead answering with its label, as if it had typed it. */
async function receiveButton(deps: TelegramInboundDeps, channel: Channel, input: Extract<TelegramInput, { kind: 'button' }>) {
  await commit(deps.ctx, channel.business_id, async (tx) => {
    const messengerId = String(input.chatId);
    const lead = await findLeadByMessengerIdForUpdate(tx, channel.id, messengerId);
    const message = lead ? await findMessage(tx, channel.business_id, input.messageId) : undefined;
    const buttons =
      message && message.lead_id === lead?.id && message.author === 'bot' ? (messagePayload(message)?.buttons as { label: string }[] | undefined) : undefined;
    const label = buttons?.[input.index]?.label;
    // A button of a message we do not know (the lead's history was deleted) is answered and not stored.
    if (!label) return { result: null, events: [] };
    return deps.receiveLeadMessage(tx, {
      channel,
      messengerId,
      name: input.sender.name,
      language: input.sender.language ?? undefined,
      clientMessageId: input.clientMessageId,
      text: label,
      payload: { telegram: { kind: 'button', messageId: input.messageId, index: input.index } },
      now: deps.ctx.clock(),
    });
  });
}

/** Stops the button's spinner in the lead's Telegram; a failure only costs the spinner, so it is logged, not retried. */
async function answerButton(deps: TelegramInboundDeps, channel: Channel, callbackQueryId: string, log: AppContext['log']) {
  try {
    const api = await deps.clients.forToken(telegramToken(channel));
    await api.answerCallbackQuery(callbackQueryId);
  } catch (err) {
    log.warn({ error: describeTelegramError(err) }, 'telegram callback query not answered');
  }
}

/** A file fetched into blob storage, or why it was not kept (then the message says so and is stored without it). */
type Fetched = { file: IncomingFile; refused?: undefined } | { file?: undefined; refused: string };

async function fetchFile(deps: TelegramInboundDeps, channel: Channel, ref: FileRef, log: AppContext['log']): Promise<Fetched> {
  const name = cleanFileName(ref.name);
  const mime = acceptedMime(ref.mime ?? '', name);
  if (!mime) return { refused: `files of type ${ref.mime ?? 'unknown'} are not kept` };
  if (ref.size !== null && ref.size > LIMITS.attachmentBytes) return { refused: `larger than ${LIMITS.attachmentBytes / 1024 / 1024} MiB` };
  const token = telegramToken(channel);
  // Errors here (Telegram unreachable) throw: the update is not acknowledged and comes again.
  const api = await deps.clients.forToken(token);
  const file = await api.getFile(ref.fileId);
  if (!file.file_path) return { refused: 'Telegram gave no path to download it' };
  // The download URL holds the token: it is never logged, and errors name only the status.
  const res = await fetch(`${deps.ctx.config.TELEGRAM_API_ROOT}/file/bot${token}/${file.file_path}`);
  if (!res.ok || !res.body) throw new Error(`Telegram file download answered ${res.status}`);
  const key = randomBytes(24).toString('base64url');
  const content = checkedContent(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>), {
    mime,
    name,
    maxBytes: LIMITS.attachmentBytes,
  });
  try {
    await deps.ctx.blobs.put(key, content.stream);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    // Too big, or not what Telegram said it is: kept as a note on the message, never retried.
    log.warn({ error: err.message }, 'telegram file not kept');
    return { refused: err.message };
  }
  return { file: { storageKey: key, name, mime, size: content.size() } };
}

function withRefusal(payload: Record<string, unknown>, refused: string): Record<string, unknown> {
  const telegram = (payload.telegram ?? {}) as Record<string, unknown>;
  return { ...payload, telegram: { ...telegram, fileNotKept: refused } };
}

/** Telegram's contact numbers come with or without "+": stored as the API stores phones, "+" and digits. */
function normalisedPhone(phone: string): string {
  const digits = phone.replace(/[^\d]/g, '');
  return `+${digits}`;
}
