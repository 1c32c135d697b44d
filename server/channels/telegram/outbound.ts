// Telegram's way out: one outbox row (a bot's or an operator's message) becomes one or more Bot API
// calls to the lead's chat. The outbox worker retries a failure, after Telegram's retry_after on a 429.
import type { Api } from 'grammy';
import type { Message as TgMessage } from 'grammy/types';
import type { Attachment } from '../../../contracts/attachments';
import { BotPayload } from '../../../contracts/message-payloads';
import type { AppContext } from '../../context';
import { openAttachmentForDelivery } from '../../attachments/index';
import { telegramConfig, telegramToken } from '../channel-config';
import type { Outbound, OutboundJob } from '../outbound';
import type { OutgoingPayload } from '../outbox.repo';
import { sendFailure, type telegramClients } from './api';
import { keyboardFor } from './keyboard.rules';

export interface TelegramOutboundDeps {
  ctx: Pick<AppContext, 'db' | 'blobs'>;
  clients: ReturnType<typeof telegramClients>;
}

/** Telegram's caption limit: a longer text goes as its own message before the file. */
const CAPTION_MAX = 1024;

export function createTelegramOutbound(deps: TelegramOutboundDeps): Outbound {
  return async (job) => {
    try {
      await send(deps, job);
      return { ok: true };
    } catch (err) {
      return sendFailure(err);
    }
  };
}

async function send(deps: TelegramOutboundDeps, job: OutboundJob): Promise<void> {
  const body = JSON.parse(job.body) as OutgoingPayload;
  const channel = { id: job.channel.id, kind: 'telegram' as const, config: job.channel.config, credentials: job.channel.credentials };
  const config = telegramConfig(channel)!;
  const api = await deps.clients.forToken(telegramToken(channel));
  const chatId = Number(body.lead.messengerId);
  const m = body.message;
  const bot = m.author === 'bot' && m.payload ? BotPayload.parse(m.payload) : null;
  const keyboard = keyboardFor({ messageId: m.id, payload: bot, columns: config.buttonColumns, language: body.lead.language });
  const markup = keyboard ? { reply_markup: keyboard } : {};

  // A bot's picture or file by URL: Telegram fetches it.
  if (bot?.image) {
    await api.sendPhoto(chatId, bot.image.url, { ...caption(m.text), ...markup });
    return;
  }
  if (bot?.file) {
    await api.sendDocument(chatId, bot.file.url, { ...(m.text && m.text !== bot.file.url && m.text !== bot.file.name ? caption(m.text) : {}), ...markup });
    return;
  }
  const files = m.attachments;
  // One file with a short text: the text is its caption, one message as the operator sent it.
  const captioned = files.length === 1 && m.text.length <= CAPTION_MAX;
  if (m.text && !captioned) await api.sendMessage(chatId, m.text, markup);
  for (const [i, a] of files.entries()) {
    await sendFile(deps, api, { chatId, businessId: job.channel.businessId, attachment: a, text: captioned && i === 0 ? m.text : '' });
  }
  if (!m.text && files.length === 0) throw new Error('an empty message: nothing to send');
}

function caption(text: string): { caption?: string } {
  return text ? { caption: text.slice(0, CAPTION_MAX) } : {};
}

/** An operator's file, uploaded from our storage (the lead's Telegram never sees our addresses). */
async function sendFile(
  deps: TelegramOutboundDeps,
  api: Api,
  o: { chatId: number; businessId: number; attachment: Attachment; text: string },
): Promise<TgMessage> {
  const opened = await openAttachmentForDelivery(deps.ctx, { businessId: o.businessId, attachmentId: o.attachment.id });
  if (!opened) throw new Error(`attachment ${o.attachment.id} is no longer stored`);
  const { InputFile } = await import('grammy'); // loaded already: the client came with it
  const file = new InputFile(opened.content, opened.attachment.name);
  const extra = caption(o.text);
  const mime = opened.attachment.mime;
  // Telegram recompresses what it shows as a photo; GIFs and WebP go as documents to keep them as they are.
  if (mime === 'image/jpeg' || mime === 'image/png') return api.sendPhoto(o.chatId, file, extra);
  if (mime === 'audio/ogg') return api.sendVoice(o.chatId, file, extra);
  if (mime === 'audio/mpeg') return api.sendAudio(o.chatId, file, extra);
  if (mime === 'video/mp4') return api.sendVideo(o.chatId, file, extra);
  return api.sendDocument(o.chatId, file, extra);
}
