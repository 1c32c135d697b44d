// How a bot message's buttons look in Telegram. Pure.
import type { InlineKeyboardMarkup, ReplyKeyboardMarkup } from 'grammy/types';
import type { BotPayload } from '../../../contracts/message-payloads';
import { buttonData } from './update.rules';

/** The rows of `items`, `columns` to a row (1: one column). */
export function rows<T>(items: readonly T[], columns: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += columns) out.push(items.slice(i, i + columns));
  return out;
}

const SHARE_PHONE: Record<string, string> = { ru: '📱 Отправить мой номер', en: '📱 Share my phone number' };

/**
 * The keyboard a bot message carries: its menu as inline buttons under the message (pressing one
 * answers with its label), or, for a menu the script wants as plain options, a reply keyboard that
 * types the label; an "ask" for a phone offers Telegram's share-my-phone button. null: none.
 */
export function keyboardFor(o: {
  messageId: number;
  payload: BotPayload | null;
  columns: number;
  language: string | null;
}): InlineKeyboardMarkup | ReplyKeyboardMarkup | null {
  const p = o.payload;
  if (p?.buttons?.length) {
    if (p.inline !== false) {
      const buttons = p.buttons.map((b, i) => ({ text: b.label, callback_data: buttonData(o.messageId, i) }));
      return { inline_keyboard: rows(buttons, o.columns) };
    }
    return {
      keyboard: rows(
        p.buttons.map((b) => ({ text: b.label })),
        o.columns,
      ),
      one_time_keyboard: true,
      resize_keyboard: true,
    };
  }
  if (p?.ask === 'phone') {
    const lang = (o.language ?? '').slice(0, 2).toLowerCase();
    return { keyboard: [[{ text: SHARE_PHONE[lang] ?? SHARE_PHONE.en!, request_contact: true }]], one_time_keyboard: true, resize_keyboard: true };
  }
  return null;
}
