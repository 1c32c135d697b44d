// What Metadesk makes of one Telegram update. Pure: the inbound side (inbound.ts) does the I/O.
import type { Message, Update, User } from 'grammy/types';

/** The lead as Telegram describes the sender. */
export interface Sender {
  name: string;
  username: string | null;
  language: string | null;
}

/** A file the lead sent, to fetch with getFile. */
export interface FileRef {
  fileId: string;
  kind: 'photo' | 'document' | 'voice' | 'audio' | 'video' | 'video_note' | 'animation' | 'sticker';
  /** A name for the operator: the document's own, or one made from the kind. */
  name: string;
  /** What Telegram says the type is (photos are always JPEG), or null. */
  mime: string | null;
  /** Bytes, when Telegram tells. */
  size: number | null;
}

export type TelegramInput =
  /** A message from the lead: text, a file with its caption, a shared contact, a location. */
  | {
      kind: 'message';
      chatId: number;
      sender: Sender;
      text: string;
      file: FileRef | null;
      /** A phone number the lead shared with the "share my phone" button (or any contact card). */
      phone: string | null;
      /** The deep-link payload of `/start PAYLOAD` (t.me/bot?start=PAYLOAD). */
      startParam: string | null;
      /** Stored with the message: what it was in Telegram. */
      payload: Record<string, unknown>;
      clientMessageId: string;
    }
  /** The lead pressed an inline button under a bot message. */
  | { kind: 'button'; chatId: number; sender: Sender; callbackQueryId: string; messageId: number; index: number; clientMessageId: string }
  /** A callback whose data is not ours (an old keyboard, another tool): answered, nothing stored. */
  | { kind: 'stale_button'; callbackQueryId: string }
  /** The lead blocked the bot (kicked) or unblocked it (member). */
  | { kind: 'reachability'; chatId: number; reachable: boolean }
  | { kind: 'ignored'; reason: string };

/** Updates a channel asks Telegram for (setWebhook / getUpdates `allowed_updates`). */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;

/** callback_data of the index-th button under a bot message: short (Telegram allows 64 bytes) and ours to recognise. */
export function buttonData(messageId: number, index: number): string {
  return `b:${messageId}:${index}`;
}

export function readButtonData(data: string | undefined): { messageId: number; index: number } | null {
  const m = /^b:(\d{1,15}):(\d{1,2})$/.exec(data ?? '');
  return m ? { messageId: Number(m[1]), index: Number(m[2]) } : null;
}

/** Reads an update; only private chats are leads (a group or channel the bot was added to is not). */
export function readUpdate(u: Update): TelegramInput {
  const clientMessageId = `tg:${u.update_id}`;
  if (u.callback_query) {
    const q = u.callback_query;
    const chat = q.message?.chat;
    const button = readButtonData(q.data);
    if (!button || !chat || chat.type !== 'private') return { kind: 'stale_button', callbackQueryId: q.id };
    return { kind: 'button', chatId: chat.id, sender: senderOf(q.from), callbackQueryId: q.id, ...button, clientMessageId };
  }
  if (u.my_chat_member) {
    const m = u.my_chat_member;
    if (m.chat.type !== 'private') return { kind: 'ignored', reason: `membership in a ${m.chat.type} chat` };
    return { kind: 'reachability', chatId: m.chat.id, reachable: m.new_chat_member.status !== 'kicked' };
  }
  const message = u.message ?? u.edited_message;
  if (!message)
    return {
      kind: 'ignored',
      reason: `an update of a kind not asked for (${Object.keys(u)
        .filter((k) => k !== 'update_id')
        .join(', ')})`,
    };
  if (message.chat.type !== 'private') return { kind: 'ignored', reason: `a message in a ${message.chat.type} chat` };
  if (!message.from || message.from.is_bot) return { kind: 'ignored', reason: 'a message not from a person' };
  return { kind: 'message', chatId: message.chat.id, sender: senderOf(message.from), clientMessageId, ...contentOf(message, u.edited_message !== undefined) };
}

function senderOf(from: User): Sender {
  const name = [from.first_name, from.last_name].filter(Boolean).join(' ').trim();
  return { name: name || (from.username ? `@${from.username}` : `Telegram ${from.id}`), username: from.username ?? null, language: from.language_code ?? null };
}

type Content = Pick<Extract<TelegramInput, { kind: 'message' }>, 'text' | 'file' | 'phone' | 'startParam' | 'payload'>;

function contentOf(m: Message, edited: boolean): Content {
  const base = { messageId: m.message_id, ...(edited ? { edited: true } : {}) };
  const text = m.text ?? m.caption ?? '';
  const plain = (kind: string, t = text, extra: Record<string, unknown> = {}): Content => ({
    text: t,
    file: null,
    phone: null,
    startParam: null,
    payload: { telegram: { kind, ...base, ...extra } },
  });
  const withFile = (file: FileRef, t = text): Content => ({ ...plain(file.kind, t), file });
  if (m.text !== undefined) {
    const start = /^\/start(?:@\w+)?\s+(\S{1,64})$/.exec(m.text.trim());
    return { ...plain('text'), startParam: start?.[1] ?? null };
  }
  if (m.photo?.length) {
    // The sizes come smallest first: the last is the original.
    const p = m.photo[m.photo.length - 1]!;
    return withFile({ fileId: p.file_id, kind: 'photo', name: `photo-${m.message_id}.jpg`, mime: 'image/jpeg', size: p.file_size ?? null });
  }
  if (m.document) {
    const d = m.document;
    return withFile({ fileId: d.file_id, kind: 'document', name: d.file_name ?? `file-${m.message_id}`, mime: d.mime_type ?? null, size: d.file_size ?? null });
  }
  if (m.voice)
    return withFile({
      fileId: m.voice.file_id,
      kind: 'voice',
      name: `voice-${m.message_id}.ogg`,
      mime: m.voice.mime_type ?? 'audio/ogg',
      size: m.voice.file_size ?? null,
    });
  if (m.audio) {
    const a = m.audio;
    return withFile({
      fileId: a.file_id,
      kind: 'audio',
      name: a.file_name ?? `audio-${m.message_id}.mp3`,
      mime: a.mime_type ?? null,
      size: a.file_size ?? null,
    });
  }
  if (m.video) {
    const v = m.video;
    return withFile({
      fileId: v.file_id,
      kind: 'video',
      name: v.file_name ?? `video-${m.message_id}.mp4`,
      mime: v.mime_type ?? 'video/mp4',
      size: v.file_size ?? null,
    });
  }
  if (m.video_note) {
    const v = m.video_note;
    return withFile({ fileId: v.file_id, kind: 'video_note', name: `video-${m.message_id}.mp4`, mime: 'video/mp4', size: v.file_size ?? null });
  }
  if (m.animation) {
    const a = m.animation;
    return withFile({
      fileId: a.file_id,
      kind: 'animation',
      name: a.file_name ?? `animation-${m.message_id}.mp4`,
      mime: a.mime_type ?? null,
      size: a.file_size ?? null,
    });
  }
  if (m.sticker) {
    const s = m.sticker;
    // Static stickers are WebP images; animated (TGS) and video (WebM) ones are shown as their emoji.
    const image = !s.is_animated && !s.is_video;
    const emoji = s.emoji ?? '🖼';
    if (!image) return plain('sticker', emoji, { animated: true });
    return withFile({ fileId: s.file_id, kind: 'sticker', name: `sticker-${m.message_id}.webp`, mime: 'image/webp', size: s.file_size ?? null }, emoji);
  }
  if (m.contact) {
    const c = m.contact;
    const name = [c.first_name, c.last_name].filter(Boolean).join(' ');
    // The lead's own number (the "share my phone" button) or a card it forwarded: either way a phone the operator can call.
    const own = m.from !== undefined && c.user_id === m.from.id;
    return { ...plain('contact', c.phone_number, { name, own }), phone: own ? c.phone_number : null };
  }
  if (m.location)
    return plain('location', `📍 ${m.location.latitude}, ${m.location.longitude}`, { latitude: m.location.latitude, longitude: m.location.longitude });
  if (m.poll) return plain('poll', `📊 ${m.poll.question}`);
  if (m.dice) return plain('dice', `${m.dice.emoji} ${m.dice.value}`);
  // Anything else (a game, a story, a giveaway…) is still stored, so nothing the lead sent is lost unseen.
  const kind = Object.keys(m).find((k) => !['message_id', 'from', 'chat', 'date', 'edit_date', 'sender_chat', 'message_thread_id'].includes(k)) ?? 'message';
  return plain(kind, `[${kind}]`);
}
