// A local stand-in for the Telegram Bot API (https://core.telegram.org/bots/api) for integration tests, so
// they never reach Telegram: grammY's Api with `apiRoot: server.url`, or plain fetch, works against it
// unchanged. It keeps per-bot state the way Telegram does (the update queue, the webhook, chats, files,
// the bot's messages) and answers with the real error texts, taken from Telegram's own server
// (tdlib/telegram-bot-api). A test pushes updates, programs failures and may enforce the flood limits on
// an injected clock. Nothing waits on time except a long poll and waitForCall, which wait for an event or
// their timeout.
import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { posix } from 'node:path';
import type {
  Chat,
  Document,
  ForceReply,
  InlineKeyboardMarkup,
  Message,
  PhotoSize,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
  Sticker,
  Update,
  User,
  UserFromGetMe,
  Voice,
  WebhookInfo,
} from 'grammy/types';

// ---------------------------------------------------------------------------------------------------
// Public types

/** A file uploaded with multipart/form-data, as it appears in a call's params. */
export interface UploadedFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export type Params = Record<string, unknown>;

export type ApiBody = { ok: true; result: unknown; description?: string } | { ok: false; error_code: number; description: string; parameters?: Params };

export interface TelegramCall {
  token: string;
  /** The method as called: Telegram matches names case-insensitively, so `SendMessage` works too. */
  method: string;
  methodLower: string;
  httpMethod: string;
  /**
   * From the query string and the body, whatever its encoding: numeric and boolean fields as numbers and
   * booleans, JSON fields (reply_markup, allowed_updates…) parsed, uploads (also `attach://` ones) as UploadedFile.
   */
  params: Params;
  /** 'webhook-reply': a method the webhook answered an update with, which Telegram executes. */
  via: 'http' | 'webhook-reply';
  /** The answer; absent while a long poll waits (it is listed as soon as it waits). */
  response?: { status: number; body: ApiBody };
}

export interface TelegramErrorSpec {
  error_code: number;
  description: string;
  parameters?: Params;
}

export type ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;

export interface SentFile {
  file_id: string;
  file_unique_id: string;
  bytes: Buffer;
  filename?: string;
  contentType?: string;
  /** When sent by URL: a loopback URL is downloaded, any other is only recorded (bytes stay empty). */
  url?: string;
}

/** A message the bot sent, Telegram-shaped. */
export interface SentMessage {
  /** The method's documented name: 'sendMessage', 'sendPhoto', … */
  method: string;
  chat_id: number;
  message_id: number;
  text?: string;
  caption?: string;
  /** As sent, reply keyboards included (a Message only ever shows an inline keyboard). */
  reply_markup?: ReplyMarkup;
  file?: SentFile;
  /** The Message answered to the bot, with later edits (editMessageReplyMarkup) applied. */
  message: Message;
  params: Params;
}

export interface BotInfo {
  token: string;
  id: number;
  username: string;
}

export interface AddedFile {
  file_id: string;
  file_unique_id: string;
  file_path: string;
  file_size: number;
}

/** Who writes to the bot (in a private chat, whose id is the user's). */
export interface UserOptions {
  userId?: number;
  firstName?: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
}

/** An update before pushUpdate numbers it. */
export type NewUpdate = Omit<Update, 'update_id'> & { update_id?: number };

/** A file for a media update: one from addFile, or bytes to store (a sample when omitted). */
export type FileInput = AddedFile | Buffer;

/** Build realistic updates for a bot; message ids come from the chat's sequence, shared with the bot's own messages. */
export interface UpdateBuilders {
  text(token: string, o: UserOptions & { text: string }): NewUpdate;
  photo(token: string, o?: UserOptions & { file?: FileInput; caption?: string; width?: number; height?: number }): NewUpdate;
  document(token: string, o?: UserOptions & { file?: FileInput; fileName?: string; mimeType?: string; caption?: string }): NewUpdate;
  voice(token: string, o?: UserOptions & { file?: FileInput; duration?: number }): NewUpdate;
  sticker(token: string, o?: UserOptions & { file?: FileInput; emoji?: string }): NewUpdate;
  /** The user shares a contact: by default their own, as a `request_contact` button does. */
  contact(token: string, o: UserOptions & { phoneNumber: string; contactUserId?: number; contactFirstName?: string }): NewUpdate;
  /** A press of an inline button with this data, on `message` (e.g. `sent(token)[0].message`) or on a new bot message. */
  callbackQuery(token: string, o: UserOptions & { data: string; message?: Message }): NewUpdate;
  /** The user blocked the bot: my_chat_member with status 'kicked'. Once pushed, sends to the chat answer 403. */
  blocked(token: string, o?: UserOptions): NewUpdate;
  /** The user unblocked the bot (status 'member' again). */
  unblocked(token: string, o?: UserOptions): NewUpdate;
}

export interface PushResult {
  update_id: number;
  /** The webhook's HTTP status for this update (0: no connection); absent without a webhook or when not tried. */
  webhookStatus?: number;
  /** Not queued: its type is not in the bot's allowed_updates. */
  filtered?: boolean;
}

export interface TelegramServer {
  url: string;
  /** Register a bot; unknown tokens answer 401 {"ok":false,"error_code":401,"description":"Unauthorized"}. */
  addBot(o?: { token?: string; username?: string; firstName?: string }): BotInfo;
  /** Every method call received, in order (a long poll once it waits, any other once answered). */
  calls: TelegramCall[];
  /** Every file download: the bot's token and the file_path asked for. */
  downloads: { token: string; file_path: string; status: number }[];
  /** The first call, already received or future, that matches; rejects after `timeoutMs` listing the calls seen. */
  waitForCall(match: (c: TelegramCall) => boolean, timeoutMs?: number): Promise<TelegramCall>;
  /** Queue an update as Telegram would (see PushResult); with a webhook set, POST it there first. */
  pushUpdate(token: string, update: NewUpdate | Params): Promise<PushResult>;
  /** Telegram retries failed webhook deliveries on its own; this retries the pending ones now, in order. */
  redeliver(token: string): Promise<void>;
  updates: UpdateBuilders;
  /** Store a file the bot can getFile and download (path default documents/file_N.dat; its folder picks the file_id's type tag). */
  addFile(token: string, bytes: Buffer, o?: { path?: string }): AddedFile;
  /** The next `times` (1) calls of `method` ('*': any) for this bot, optionally only for one chat, answer this error. */
  failNext(token: string, method: string, error: TelegramErrorSpec, o?: { times?: number; chatId?: number | string }): void;
  /**
   * Telegram's flood limits on an injected clock (ms): a message to a chat within 1000 ms of the previous one
   * to it, or beyond 30 per bot within 1000 ms, answers 429 with retry_after (s, at least 1) and counts a violation.
   */
  enforceLimits(o: { clock: () => number } | false): void;
  violations: number;
  /** The messages the bot sent (to one chat), in order. */
  sent(token: string, chatId?: number | string): SentMessage[];
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------
// Constants, as Telegram's server has them

const LONG_POLL_MAX_TIMEOUT_S = 50;
const MAX_TEXT_LENGTH = 4096;
const MAX_CAPTION_LENGTH = 1024;
const MAX_CALLBACK_DATA_BYTES = 64;
const MAX_DOWNLOAD_BYTES = 20 << 20;
const FLOOD_WINDOW_MS = 1000;
const FLOOD_MAX_PER_BOT = 30;
/** Without allowed_updates, every type but these is delivered. */
const NOT_DELIVERED_BY_DEFAULT = ['chat_member', 'message_reaction', 'message_reaction_count'];
/** A webhook may answer an update with a method call, except these (and get*). */
const NOT_RUN_FROM_WEBHOOK_REPLY = ['deletewebhook', 'setwebhook', 'close', 'logout'];
const CHAT_ACTIONS = new Set([
  'cancel',
  'typing',
  'record_video',
  'upload_video',
  'record_audio',
  'record_voice',
  'upload_audio',
  'upload_voice',
  'upload_photo',
  'upload_document',
  'choose_sticker',
  'pick_up_location',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);
const INLINE_BUTTON_ACTIONS = [
  'url',
  'callback_data',
  'login_url',
  'web_app',
  'copy_text',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'callback_game',
  'pay',
];
const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

// Form fields are strings; Telegram reads these as numbers, booleans or JSON.
const INT_PARAMS = new Set(['chat_id', 'message_id', 'offset', 'limit', 'timeout', 'max_connections', 'duration', 'cache_time', 'message_thread_id']);
const BOOL_PARAMS = new Set(['drop_pending_updates', 'disable_notification', 'protect_content', 'show_alert', 'has_spoiler', 'show_caption_above_media']);
const JSON_PARAMS = new Set(['reply_markup', 'allowed_updates', 'entities', 'caption_entities', 'link_preview_options', 'reply_parameters']);

type FileKind = 'photo' | 'document' | 'voice' | 'sticker';
const KIND_FOLDER: Record<FileKind, string> = { photo: 'photos', document: 'documents', voice: 'voice', sticker: 'stickers' };
const KIND_EXTENSION: Record<FileKind, string> = { photo: 'jpg', document: 'dat', voice: 'oga', sticker: 'webp' };
/** Real file_ids begin with a type tag; these mimic them so they look and sort like Telegram's. */
const KIND_FILE_ID_PREFIX: Record<FileKind, string> = {
  photo: 'AgACAgIAAxkBAA',
  document: 'BQACAgIAAxkBAA',
  voice: 'AwACAgIAAxkBAA',
  sticker: 'CAACAgIAAxkBAA',
};
const MIME_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  zip: 'application/zip',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
/** A 1×1 PNG, the photo of an update built without one. */
const SAMPLE_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

// ---------------------------------------------------------------------------------------------------
// Per-bot state

interface ChatState {
  chat: Chat;
  /** Incoming and outgoing messages share one sequence per chat, as they do in a private chat. */
  nextMessageId: number;
  blocked: boolean;
  chatInstance: string;
  lastSendAt?: number;
}

interface StoredFile {
  file_id: string;
  file_unique_id: string;
  file_path: string;
  bytes: Buffer;
  filename?: string;
  contentType?: string;
  url?: string;
}

interface Answer {
  status: number;
  body: ApiBody;
  retryAfter?: number;
}

interface ParkedPoll {
  offset: number;
  limit: number;
  timer: NodeJS.Timeout;
  finish(answer: Answer): void;
}

interface Webhook {
  url: string;
  secretToken: string;
  maxConnections: number;
}

interface Failure {
  method: string;
  error: TelegramErrorSpec;
  times: number;
  chatId?: string;
}

interface Bot {
  token: string;
  user: UserFromGetMe;
  nextUpdateId: number;
  /** Updates not yet confirmed by getUpdates or delivered to the webhook, in order. */
  queue: Update[];
  /** undefined: Telegram's default set. */
  allowedUpdates?: string[];
  webhook?: Webhook;
  lastWebhookError?: { date: number; message: string };
  poll?: ParkedPoll;
  wakeScheduled: boolean;
  chats: Map<number, ChatState>;
  /** The bot's own messages by `chat:id`, for edits. */
  messages: Map<string, Message>;
  files: Map<string, StoredFile>;
  filesByPath: Map<string, StoredFile>;
  fileCount: number;
  /** Callback query id → answered. */
  callbackQueries: Map<string, boolean>;
  callbackCount: number;
  failures: Failure[];
  sent: SentMessage[];
  /** Times of the sends within the flood window, when limits are enforced. */
  recentSends: number[];
  /** Webhook deliveries run one after another, in queue order. */
  delivery: Promise<unknown>;
}

/** A Telegram error answer, thrown from the method handlers. */
class Fail extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: Params,
  ) {
    super(description);
  }
}

const badRequest = (what: string) => new Fail(400, `Bad Request: ${what}`);
const tooManyRequests = (retryAfter: number) => new Fail(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
const ok = (result: unknown, description?: string): Answer => ({ status: 200, body: description ? { ok: true, result, description } : { ok: true, result } });

function errorAnswer(e: Fail | TelegramErrorSpec): Answer {
  const [code, description, parameters] = e instanceof Fail ? [e.code, e.description, e.parameters] : [e.error_code, e.description, e.parameters];
  const retryAfter = parameters?.retry_after;
  return {
    status: code,
    body: { ok: false, error_code: code, description, ...(parameters && { parameters }) },
    ...(typeof retryAfter === 'number' && { retryAfter }),
  };
}

// ---------------------------------------------------------------------------------------------------
// Small helpers

const nowSeconds = () => Math.floor(Date.now() / 1000);
const randomId = (bytes: number) => randomBytes(bytes).toString('base64url');
const messageKey = (chatId: number, messageId: number) => `${chatId}:${messageId}`;
const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

function int(v: unknown, fallback: number): number {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return Number.parseInt(v, 10);
  return fallback;
}

function str(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v as number | boolean);
}

function isUploadedFile(v: unknown): v is UploadedFile {
  return typeof v === 'object' && v !== null && Buffer.isBuffer((v as UploadedFile).bytes);
}

function isAddedFile(v: FileInput): v is AddedFile {
  return !Buffer.isBuffer(v);
}

function extensionOf(name: string | undefined): string {
  const ext = posix.extname(name ?? '').slice(1);
  return ext.toLowerCase();
}

function guessMimeType(filename: string): string {
  return MIME_TYPES[extensionOf(filename)] ?? 'application/octet-stream';
}

function updateTypeOf(update: Update): string {
  return Object.keys(update).find((k) => k !== 'update_id') ?? '';
}

/** The pixel size of a PNG or JPEG, read from its header (Telegram reports it in PhotoSize). */
function imageSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47) return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 9 < bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1] ?? 0;
    // SOF0..SOF15 carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    }
    at += 2 + bytes.readUInt16BE(at + 2);
  }
  return undefined;
}

function describeCall(c: TelegramCall): string {
  const params = JSON.stringify(c.params, (_k, v: unknown) => (isUploadedFile(v) ? `<file ${v.filename}, ${v.bytes.length} bytes>` : v));
  const shown = params.length > 300 ? `${params.slice(0, 300)}…` : params;
  const status = c.response ? ` → ${c.response.status}` : ' (waiting)';
  return `  ${c.httpMethod} bot${c.token.split(':')[0] ?? ''}:…/${c.method} ${shown}${status}${c.via === 'webhook-reply' ? ' (webhook reply)' : ''}`;
}

// ---------------------------------------------------------------------------------------------------
// Request parsing

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function headerParam(header: string, name: string): string | undefined {
  // name="value" (quoted, may hold ';') or name=value (grammY sends filename unquoted).
  const m = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i').exec(header);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? '').trim();
}

/** A minimal multipart/form-data reader: Node's own (undici) rejects grammY's unquoted filenames. */
function parseMultipart(body: Buffer, boundary: string): { fields: Map<string, string>; files: Map<string, UploadedFile> } {
  const fields = new Map<string, string>();
  const files = new Map<string, UploadedFile>();
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  if (at < 0) throw badRequest('boundary not found');
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), start);
    if (next < 0) throw badRequest('unexpected end of request content');
    readPart(body.subarray(start + 2, next), fields, files);
    at = next + 2;
  }
  return { fields, files };
}

function readPart(part: Buffer, fields: Map<string, string>, files: Map<string, UploadedFile>): void {
  const headEnd = part.indexOf('\r\n\r\n');
  if (headEnd < 0) throw badRequest("can't parse form data headers");
  const headers = new Map<string, string>();
  for (const line of part.subarray(0, headEnd).toString('utf8').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get('content-disposition') ?? '';
  const name = headerParam(disposition, 'name');
  if (!name) throw badRequest('field name in multipart/form-data not found');
  const content = part.subarray(headEnd + 4);
  const filename = headerParam(disposition, 'filename');
  if (filename === undefined) fields.set(name, content.toString('utf8'));
  else files.set(name, { filename, contentType: headers.get('content-type') ?? 'application/octet-stream', bytes: Buffer.from(content) });
}

function parseJsonBody(body: Buffer): Params {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw badRequest('JSON object expected');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('JSON object expected');
  return value as Params;
}

function parseBody(contentType: string, body: Buffer): Params {
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (body.length === 0) return {};
  if (type === 'application/json') return parseJsonBody(body);
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  if (type !== 'multipart/form-data') return {};
  const boundary = headerParam(contentType, 'boundary');
  if (!boundary) throw badRequest('boundary not found');
  const { fields, files } = parseMultipart(body, boundary);
  const params: Params = {};
  const attached = new Set<string>();
  for (const [name, value] of fields) {
    // grammY sends an upload as `photo=attach://<id>` plus a file part named <id>.
    const attach = value.startsWith('attach://') ? files.get(value.slice('attach://'.length)) : undefined;
    if (attach) attached.add(value.slice('attach://'.length));
    params[name] = attach ?? value;
  }
  for (const [name, file] of files) if (!attached.has(name)) params[name] = file;
  return params;
}

/** Reads string values as Telegram does: numbers, booleans and JSON where the field holds one. */
function normalizeParams(raw: Params): Params {
  const params: Params = {};
  for (const [key, value] of Object.entries(raw)) {
    params[key] = typeof value === 'string' ? normalizeValue(key, value) : value;
  }
  return params;
}

function normalizeValue(key: string, value: string): unknown {
  if (INT_PARAMS.has(key) && /^-?\d+$/.test(value.trim())) return Number(value);
  if (BOOL_PARAMS.has(key) && (value === 'true' || value === 'false')) return value === 'true';
  if (JSON_PARAMS.has(key)) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value; // left as it came: the handler answers Telegram's parse error
    }
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------
// Validation shared by the methods

function parseReplyMarkup(raw: unknown): ReplyMarkup | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw === 'string') throw badRequest("can't parse reply keyboard markup JSON object");
  if (typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('object expected as reply markup');
  const markup = raw as Params;
  if (markup.keyboard !== undefined) checkKeyboard(markup.keyboard);
  if (markup.inline_keyboard !== undefined) checkInlineKeyboard(markup.inline_keyboard);
  return markup as unknown as ReplyMarkup;
}

function checkKeyboard(rows: unknown): void {
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) throw badRequest('field "keyboard" must be an Array of Arrays');
  for (const button of (rows as unknown[][]).flat()) {
    if (typeof button === 'string') continue;
    if (typeof button !== 'object' || button === null) throw badRequest("can't parse keyboard button: KeyboardButton must be a String or an Object");
    if (typeof (button as Params).text !== 'string') throw badRequest(`can't parse keyboard button: Can't find field "text"`);
  }
}

function checkInlineKeyboard(rows: unknown): void {
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
  for (const button of (rows as unknown[][]).flat()) {
    const fail = (why: string) => badRequest(`can't parse inline keyboard button: ${why}`);
    if (typeof button !== 'object' || button === null || Array.isArray(button)) throw fail('InlineKeyboardButton must be an Object');
    const b = button as Params;
    if (typeof b.text !== 'string') throw fail(`Can't find field "text"`);
    // An empty url or callback_data counts as absent, as in Telegram's parser.
    if (!INLINE_BUTTON_ACTIONS.some((k) => b[k] !== undefined && b[k] !== '')) throw fail('Text buttons are unallowed in the inline keyboard');
    if (typeof b.callback_data === 'string' && Buffer.byteLength(b.callback_data) > MAX_CALLBACK_DATA_BYTES) throw badRequest('BUTTON_DATA_INVALID');
  }
}

/** What a Message shows of a reply markup: only a non-empty inline keyboard. */
function inlineKeyboardOf(markup: ReplyMarkup | undefined): InlineKeyboardMarkup | undefined {
  return markup && 'inline_keyboard' in markup && markup.inline_keyboard.length > 0 ? { inline_keyboard: markup.inline_keyboard } : undefined;
}

function checkCaption(p: Params): string | undefined {
  if (p.caption === undefined || p.caption === '') return undefined;
  const caption = str(p.caption);
  if (caption.length > MAX_CAPTION_LENGTH) throw badRequest('message caption is too long');
  return caption;
}

// ---------------------------------------------------------------------------------------------------
// The server

/** What a message carries besides who, where and when. */
type MessageContent = Omit<Partial<Message>, 'message_id' | 'from' | 'chat' | 'date'>;

type Handler = (bot: Bot, p: Params, call: TelegramCall, gone: AbortSignal) => Answer | Promise<Answer>;

interface Waiter {
  match: (c: TelegramCall) => boolean;
  resolve: (c: TelegramCall) => void;
  reject: (e: unknown) => void;
}

class FakeTelegram implements TelegramServer {
  url = '';
  calls: TelegramCall[] = [];
  downloads: { token: string; file_path: string; status: number }[] = [];
  violations = 0;
  readonly updates: UpdateBuilders;
  private readonly http: http.Server;

  private readonly bots = new Map<string, Bot>();
  private readonly waiters = new Set<Waiter>();
  private readonly published = new WeakSet<TelegramCall>();
  /** Aborts webhook deliveries and URL downloads in flight on close. */
  private readonly shutdown = new AbortController();
  private clock?: () => number;
  private botCount = 0;

  /** The methods served, by lower-cased name (Telegram's names are case-insensitive). */
  private readonly handlers: Record<string, Handler> = {
    getme: (bot) => ok(bot.user),
    getupdates: (bot, p, call, gone) => this.getUpdates(bot, p, call, gone),
    setwebhook: (bot, p) => this.setWebhook(bot, p),
    deletewebhook: (bot, p) => this.deleteWebhook(bot, p),
    getwebhookinfo: (bot) => ok(this.webhookInfo(bot)),
    sendmessage: (bot, p) => this.sendMessage(bot, p),
    sendphoto: (bot, p) => this.sendMedia(bot, p, 'photo'),
    senddocument: (bot, p) => this.sendMedia(bot, p, 'document'),
    sendvoice: (bot, p) => this.sendMedia(bot, p, 'voice'),
    sendsticker: (bot, p) => this.sendMedia(bot, p, 'sticker'),
    sendchataction: (bot, p) => this.sendChatAction(bot, p),
    answercallbackquery: (bot, p) => this.answerCallbackQuery(bot, p),
    editmessagereplymarkup: (bot, p) => this.editMessageReplyMarkup(bot, p),
    getfile: (bot, p) => this.getFile(bot, p),
  };

  constructor() {
    this.http = http.createServer((req, res) => void this.onRequest(req, res));
    this.updates = this.updateBuilders();
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  // --- test-facing API ---------------------------------------------------------------------------

  addBot(o: { token?: string; username?: string; firstName?: string } = {}): BotInfo {
    const n = ++this.botCount;
    const token = o.token ?? `${7_000_000_000 + n}:AA${randomId(24)}`;
    const idPart = /^(\d+):[\w-]+$/.exec(token)?.[1];
    if (!idPart) throw new Error(`A bot token looks like '123456:ABC-def…', not '${token}'`);
    if (this.bots.has(token)) throw new Error(`Bot ${token} is already registered`);
    const id = Number(idPart);
    const username = o.username ?? `test${n}_bot`;
    const user: UserFromGetMe = {
      id,
      is_bot: true,
      first_name: o.firstName ?? 'Test Bot',
      username,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      supports_guest_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    };
    this.bots.set(token, {
      token,
      user,
      // Real update ids start at some large number, not at 1.
      nextUpdateId: 100_000_000 + n * 1_000_000,
      queue: [],
      wakeScheduled: false,
      chats: new Map(),
      messages: new Map(),
      files: new Map(),
      filesByPath: new Map(),
      fileCount: 0,
      callbackQueries: new Map(),
      callbackCount: 0,
      failures: [],
      sent: [],
      recentSends: [],
      delivery: Promise.resolve(),
    });
    return { token, id, username };
  }

  waitForCall(match: (c: TelegramCall) => boolean, timeoutMs = 10_000): Promise<TelegramCall> {
    const seen = this.calls.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const listed = this.calls.map(describeCall).join('\n') || '  (none)';
        reject(new Error(`No matching Telegram call within ${timeoutMs} ms. Calls seen:\n${listed}`));
      }, timeoutMs);
      const waiter: Waiter = {
        match,
        resolve: (c) => (clearTimeout(timer), resolve(c)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      };
      this.waiters.add(waiter);
    });
  }

  async pushUpdate(token: string, raw: NewUpdate | Params): Promise<PushResult> {
    const bot = this.bot(token);
    const update = { ...raw, update_id: int(raw.update_id, bot.nextUpdateId) } as Update;
    bot.nextUpdateId = Math.max(bot.nextUpdateId, update.update_id + 1);
    this.learnFrom(bot, update);
    if (!this.isAllowed(bot, update)) return { update_id: update.update_id, filtered: true };
    bot.queue.push(update);
    if (!bot.webhook) {
      this.wakePoll(bot);
      return { update_id: update.update_id };
    }
    const statuses = await this.deliver(bot);
    const webhookStatus = statuses.get(update.update_id);
    return webhookStatus === undefined ? { update_id: update.update_id } : { update_id: update.update_id, webhookStatus };
  }

  async redeliver(token: string): Promise<void> {
    await this.deliver(this.bot(token));
  }

  addFile(token: string, bytes: Buffer, o: { path?: string } = {}): AddedFile {
    const bot = this.bot(token);
    const folder = o.path?.split('/')[0];
    const kind = (Object.keys(KIND_FOLDER) as FileKind[]).find((k) => KIND_FOLDER[k] === folder) ?? 'document';
    const file = this.storeFile(bot, kind, bytes, { path: o.path, filename: o.path && posix.basename(o.path) });
    return { file_id: file.file_id, file_unique_id: file.file_unique_id, file_path: file.file_path, file_size: file.bytes.length };
  }

  failNext(token: string, method: string, error: TelegramErrorSpec, o: { times?: number; chatId?: number | string } = {}): void {
    this.bot(token).failures.push({
      method: method.toLowerCase(),
      error,
      times: o.times ?? 1,
      ...(o.chatId !== undefined && { chatId: String(o.chatId) }),
    });
  }

  enforceLimits(o: { clock: () => number } | false): void {
    this.clock = o ? o.clock : undefined;
  }

  sent(token: string, chatId?: number | string): SentMessage[] {
    const all = this.bot(token).sent;
    return chatId === undefined ? [...all] : all.filter((m) => String(m.chat_id) === String(chatId));
  }

  async close(): Promise<void> {
    for (const bot of this.bots.values()) this.endPoll(bot, ok([]));
    this.shutdown.abort();
    await Promise.all([...this.bots.values()].map((b) => b.delivery));
    for (const w of this.waiters) w.reject(new Error('The Telegram server was closed'));
    this.waiters.clear();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  // --- HTTP ------------------------------------------------------------------------------------------

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
      if (download) return this.serveFile(res, decodeURIComponent(download[1] ?? ''), decodeURIComponent(download[2] ?? ''));
      // grammY's test environment inserts /test/ before the method.
      const route = /^\/bot([^/]+)\/(?:test\/)?([A-Za-z0-9_]+)$/.exec(url.pathname);
      if (!route) return writeAnswer(res, errorAnswer(new Fail(404, 'Not Found')));
      const body = await readBody(req);
      const call: TelegramCall = {
        token: decodeURIComponent(route[1] ?? ''),
        method: route[2] ?? '',
        methodLower: (route[2] ?? '').toLowerCase(),
        httpMethod: req.method ?? 'GET',
        params: {},
        via: 'http',
      };
      // A long poll whose client went away is dropped, as Telegram drops the connection's query.
      const gone = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) gone.abort();
      });
      let answer: Answer;
      try {
        call.params = normalizeParams({ ...Object.fromEntries(url.searchParams), ...parseBody(req.headers['content-type'] ?? '', body) });
        answer = await this.answerCall(call, gone.signal);
      } catch (e) {
        answer = e instanceof Fail ? errorAnswer(e) : errorAnswer(new Fail(500, `Internal Server Error: ${String(e)}`));
      }
      call.response = { status: answer.status, body: answer.body };
      this.publish(call);
      writeAnswer(res, answer);
    } catch (e) {
      if (!res.headersSent) writeAnswer(res, errorAnswer(new Fail(500, `Internal Server Error: ${String(e)}`)));
    }
  }

  private serveFile(res: ServerResponse, token: string, filePath: string): void {
    const file = this.bots.get(token)?.filesByPath.get(filePath);
    this.downloads.push({ token, file_path: filePath, status: file ? 200 : 404 });
    if (!file) return writeAnswer(res, errorAnswer(new Fail(404, 'Not Found')));
    res.writeHead(200, { 'content-type': file.contentType ?? 'application/octet-stream', 'content-length': file.bytes.length }).end(file.bytes);
  }

  private async answerCall(call: TelegramCall, gone: AbortSignal): Promise<Answer> {
    const bot = this.bots.get(call.token);
    if (!bot) return errorAnswer(new Fail(401, 'Unauthorized'));
    const handler = this.handlers[call.methodLower];
    if (!handler) return errorAnswer(new Fail(404, 'Not Found'));
    const programmed = this.takeFailure(bot, call);
    if (programmed) return errorAnswer(programmed);
    try {
      return await handler(bot, call.params, call, gone);
    } catch (e) {
      if (e instanceof Fail) return errorAnswer(e);
      throw e;
    }
  }

  private takeFailure(bot: Bot, call: TelegramCall): TelegramErrorSpec | undefined {
    const chatId = call.params.chat_id === undefined ? undefined : String(call.params.chat_id);
    const failure = bot.failures.find(
      (f) => f.times > 0 && (f.method === '*' || f.method === call.methodLower) && (f.chatId === undefined || f.chatId === chatId),
    );
    if (!failure) return undefined;
    failure.times--;
    bot.failures = bot.failures.filter((f) => f.times > 0);
    return failure.error;
  }

  /** Lists the call and wakes whoever waits for it; once per call. */
  private publish(call: TelegramCall): void {
    if (this.published.has(call)) return;
    this.published.add(call);
    this.calls.push(call);
    for (const w of this.waiters) {
      let matches: boolean;
      try {
        matches = w.match(call);
      } catch (e) {
        this.waiters.delete(w);
        w.reject(e);
        continue;
      }
      if (matches) {
        this.waiters.delete(w);
        w.resolve(call);
      }
    }
  }

  private bot(token: string): Bot {
    const bot = this.bots.get(token);
    if (!bot) throw new Error(`Unknown bot token ${token}: call addBot first`);
    return bot;
  }

  // --- updates: getUpdates and the long poll -----------------------------------------------------

  private getUpdates(bot: Bot, p: Params, call: TelegramCall, gone: AbortSignal): Answer | Promise<Answer> {
    if (bot.webhook) {
      throw new Fail(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    let offset = int(p.offset, 0);
    const limit = clamp(int(p.limit, 100), 1, 100);
    const timeout = clamp(int(p.timeout, 0), 0, LONG_POLL_MAX_TIMEOUT_S);
    this.setAllowedUpdates(bot, p.allowed_updates);
    // An offset past the queue's end is not valid: Telegram then reads from the head, confirming nothing.
    if (offset > bot.nextUpdateId) offset = 0;
    this.confirm(bot, offset);
    const updates = this.pending(bot, offset, limit);
    if (updates.length > 0 || timeout === 0) return ok(updates);
    return this.park(bot, { offset, limit, timeoutMs: timeout * 1000 }, call, gone);
  }

  /** Drops the updates before `offset`; a negative one keeps only the last -offset. */
  private confirm(bot: Bot, offset: number): void {
    if (offset < 0) bot.queue = bot.queue.slice(offset);
    else if (offset > 0) bot.queue = bot.queue.filter((u) => u.update_id >= offset);
  }

  private pending(bot: Bot, offset: number, limit: number): Update[] {
    return bot.queue.filter((u) => u.update_id >= offset).slice(0, limit);
  }

  private park(bot: Bot, o: { offset: number; limit: number; timeoutMs: number }, call: TelegramCall, gone: AbortSignal): Promise<Answer> {
    // One long poll per bot: a newer one ends the older, as on Telegram.
    this.endPoll(bot, errorAnswer(new Fail(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running')));
    return new Promise<Answer>((resolve) => {
      const poll: ParkedPoll = {
        offset: o.offset,
        limit: o.limit,
        finish: resolve,
        timer: setTimeout(() => this.endPoll(bot, ok([])), o.timeoutMs),
      };
      bot.poll = poll;
      gone.addEventListener('abort', () => {
        if (bot.poll === poll) this.endPoll(bot, ok([]));
      });
      this.publish(call);
    });
  }

  private endPoll(bot: Bot, answer: Answer): void {
    const poll = bot.poll;
    if (!poll) return;
    clearTimeout(poll.timer);
    bot.poll = undefined;
    poll.finish(answer);
  }

  private wakePoll(bot: Bot): void {
    if (!bot.poll || bot.wakeScheduled) return;
    bot.wakeScheduled = true;
    // Telegram answers a millisecond after the first new update, so updates pushed together arrive
    // together; the next turn of the event loop does the same here.
    setImmediate(() => {
      bot.wakeScheduled = false;
      const poll = bot.poll;
      if (poll) this.endPoll(bot, ok(this.pending(bot, poll.offset, poll.limit)));
    });
  }

  private setAllowedUpdates(bot: Bot, raw: unknown): void {
    if (!Array.isArray(raw)) return; // absent: the previous setting stays
    const types = raw.filter((t): t is string => typeof t === 'string').map((t) => t.toLowerCase());
    bot.allowedUpdates = types.length > 0 ? types : undefined;
  }

  private isAllowed(bot: Bot, update: Update): boolean {
    const type = updateTypeOf(update);
    return bot.allowedUpdates ? bot.allowedUpdates.includes(type) : !NOT_DELIVERED_BY_DEFAULT.includes(type);
  }

  /** What Telegram knows from an update: the chat, whether the user blocked the bot, the callback query to answer. */
  private learnFrom(bot: Bot, update: Update): void {
    const message = update.message ?? update.edited_message ?? update.callback_query?.message;
    if (message && 'chat' in message) {
      const state = this.ensureChat(bot, message.chat);
      state.nextMessageId = Math.max(state.nextMessageId, message.message_id + 1);
    }
    const member = update.my_chat_member;
    if (member) {
      const state = this.ensureChat(bot, member.chat);
      if (member.chat.type === 'private') state.blocked = member.new_chat_member.status === 'kicked';
    }
    if (update.callback_query) bot.callbackQueries.set(update.callback_query.id, false);
  }

  private ensureChat(bot: Bot, chat: Chat): ChatState {
    const known = bot.chats.get(chat.id);
    if (known) {
      known.chat = chat;
      return known;
    }
    const state: ChatState = { chat, nextMessageId: 1, blocked: false, chatInstance: String(BigInt.asIntN(63, randomBytes(8).readBigInt64BE())) };
    bot.chats.set(chat.id, state);
    return state;
  }

  // --- webhook ---------------------------------------------------------------------------------------

  private setWebhook(bot: Bot, p: Params): Answer {
    const url = str(p.url);
    if (!url) return this.deleteWebhook(bot, p);
    if (!isHttpUrl(url)) throw badRequest('invalid webhook URL specified');
    const secretToken = str(p.secret_token);
    if (secretToken.length > 256) throw badRequest('secret token is too long');
    if (!/^[A-Za-z0-9_-]*$/.test(secretToken)) throw badRequest('secret token contains unallowed characters');
    const maxConnections = clamp(int(p.max_connections, 40), 1, 100);
    const drop = p.drop_pending_updates === true;
    this.setAllowedUpdates(bot, p.allowed_updates);
    const same = bot.webhook && bot.webhook.url === url && bot.webhook.secretToken === secretToken && bot.webhook.maxConnections === maxConnections;
    if (same && !drop) return ok(true, 'Webhook is already set');
    if (drop) bot.queue = [];
    this.endPoll(bot, errorAnswer(new Fail(409, 'Conflict: terminated by setWebhook request')));
    bot.webhook = { url, secretToken, maxConnections };
    bot.lastWebhookError = undefined;
    // Telegram starts delivering what is pending right away.
    if (bot.queue.length > 0) void this.deliver(bot);
    return ok(true, 'Webhook was set');
  }

  private deleteWebhook(bot: Bot, p: Params): Answer {
    if (p.drop_pending_updates === true) bot.queue = [];
    const had = bot.webhook !== undefined;
    bot.webhook = undefined;
    return ok(true, had ? 'Webhook was deleted' : 'Webhook is already deleted');
  }

  private webhookInfo(bot: Bot): WebhookInfo {
    const w = bot.webhook;
    return {
      url: w?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: bot.queue.length,
      ...(bot.lastWebhookError && { last_error_date: bot.lastWebhookError.date, last_error_message: bot.lastWebhookError.message }),
      ...(w && { max_connections: w.maxConnections, ip_address: '127.0.0.1' }),
      ...(bot.allowedUpdates && { allowed_updates: bot.allowedUpdates as WebhookInfo['allowed_updates'] }),
    };
  }

  /** Delivers the queue to the webhook in order, stopping at the first failure; the statuses by update_id. */
  private deliver(bot: Bot): Promise<Map<number, number>> {
    const run = bot.delivery.then(() => this.deliverQueue(bot));
    bot.delivery = run.catch(() => undefined);
    return run;
  }

  private async deliverQueue(bot: Bot): Promise<Map<number, number>> {
    const statuses = new Map<number, number>();
    while (bot.webhook && bot.queue.length > 0 && !this.shutdown.signal.aborted) {
      const update = bot.queue[0] as Update;
      const status = await this.postUpdate(bot, bot.webhook, update);
      statuses.set(update.update_id, status);
      if (status < 200 || status > 299) break;
      bot.queue = bot.queue.filter((u) => u !== update);
    }
    return statuses;
  }

  private async postUpdate(bot: Bot, webhook: Webhook, update: Update): Promise<number> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (webhook.secretToken) headers['x-telegram-bot-api-secret-token'] = webhook.secretToken;
    let res: Response;
    let text: string;
    try {
      res = await fetch(webhook.url, { method: 'POST', headers, body: JSON.stringify(update), redirect: 'manual', signal: this.shutdown.signal });
      text = await res.text();
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const message = cause?.code === 'ECONNREFUSED' ? 'Connection refused' : (cause?.message ?? String(e));
      bot.lastWebhookError = { date: nowSeconds(), message };
      return 0;
    }
    if (!res.ok) {
      bot.lastWebhookError = { date: nowSeconds(), message: `Wrong response from the webhook: ${res.status} ${res.statusText}` };
      return res.status;
    }
    await this.runWebhookReply(bot, res.headers.get('content-type') ?? '', text);
    return res.status;
  }

  /** A webhook may answer with a method call ({"method":"sendMessage",…}); Telegram runs it. */
  private async runWebhookReply(bot: Bot, contentType: string, text: string): Promise<void> {
    if (!contentType.toLowerCase().includes('application/json') || !text.trim()) return;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof body !== 'object' || body === null || typeof (body as Params).method !== 'string') return;
    const { method, ...rest } = body as Params & { method: string };
    const methodLower = method.toLowerCase();
    if (NOT_RUN_FROM_WEBHOOK_REPLY.includes(methodLower) || methodLower.startsWith('get')) return;
    const call: TelegramCall = { token: bot.token, method, methodLower, httpMethod: 'POST', params: normalizeParams(rest), via: 'webhook-reply' };
    const answer = await this.answerCall(call, new AbortController().signal).catch((e: unknown) =>
      errorAnswer(new Fail(500, `Internal Server Error: ${String(e)}`)),
    );
    call.response = { status: answer.status, body: answer.body };
    this.publish(call);
  }

  // --- sending ---------------------------------------------------------------------------------------

  private sendMessage(bot: Bot, p: Params): Answer {
    const text = str(p.text);
    if (text.trim() === '') throw badRequest('message text is empty');
    if (text.length > MAX_TEXT_LENGTH) throw badRequest('message is too long');
    const markup = parseReplyMarkup(p.reply_markup);
    const chat = this.writableChat(bot, p.chat_id);
    return ok(this.recordMessage(bot, chat, { method: 'sendMessage', params: p, markup, text, content: { text } }));
  }

  private async sendMedia(bot: Bot, p: Params, kind: FileKind): Promise<Answer> {
    const input = p[kind];
    if (input === undefined || input === '') throw badRequest(`there is no ${kind} in the request`);
    const caption = checkCaption(p);
    const markup = parseReplyMarkup(p.reply_markup);
    const chat = this.writableChat(bot, p.chat_id);
    const file = await this.inputFile(bot, kind, input);
    const content: MessageContent = { ...this.mediaContent(bot, kind, file, p), ...(caption !== undefined && { caption }) };
    const sentFile: SentFile = {
      file_id: file.file_id,
      file_unique_id: file.file_unique_id,
      bytes: file.bytes,
      ...(file.filename !== undefined && { filename: file.filename }),
      ...(file.contentType !== undefined && { contentType: file.contentType }),
      ...(file.url !== undefined && { url: file.url }),
    };
    const method = `send${kind[0]?.toUpperCase() ?? ''}${kind.slice(1)}`;
    return ok(this.recordMessage(bot, chat, { method, params: p, markup, caption, file: sentFile, content }));
  }

  /** The chat a send goes to: known to the bot (a user wrote first) and not blocked. */
  private writableChat(bot: Bot, chatId: unknown): ChatState {
    const chat = this.knownChat(bot, chatId);
    if (chat.blocked) throw new Fail(403, 'Forbidden: bot was blocked by the user');
    return chat;
  }

  private knownChat(bot: Bot, chatId: unknown): ChatState {
    const id = str(chatId).trim();
    if (!id) throw badRequest('chat_id is empty');
    const chat = id.startsWith('@')
      ? [...bot.chats.values()].find((c) => 'username' in c.chat && `@${c.chat.username ?? ''}`.toLowerCase() === id.toLowerCase())
      : bot.chats.get(Number(id));
    // A bot cannot start a conversation: it knows a chat only once someone wrote from it.
    if (!chat) throw badRequest('chat not found');
    return chat;
  }

  private recordMessage(
    bot: Bot,
    chat: ChatState,
    o: { method: string; params: Params; markup?: ReplyMarkup; text?: string; caption?: string; file?: SentFile; content: MessageContent },
  ): Message {
    this.checkFloodLimits(bot, chat);
    const inline = inlineKeyboardOf(o.markup);
    const message: Message = {
      message_id: chat.nextMessageId++,
      from: this.botAsUser(bot),
      chat: chat.chat,
      date: nowSeconds(),
      ...o.content,
      ...(inline && { reply_markup: inline }),
    };
    bot.messages.set(messageKey(chat.chat.id, message.message_id), message);
    bot.sent.push({
      method: o.method,
      chat_id: chat.chat.id,
      message_id: message.message_id,
      ...(o.text !== undefined && { text: o.text }),
      ...(o.caption !== undefined && { caption: o.caption }),
      ...(o.markup && { reply_markup: o.markup }),
      ...(o.file && { file: o.file }),
      message,
      params: o.params,
    });
    return message;
  }

  private checkFloodLimits(bot: Bot, chat: ChatState): void {
    if (!this.clock) return;
    const now = this.clock();
    bot.recentSends = bot.recentSends.filter((t) => t > now - FLOOD_WINDOW_MS);
    const chatWait = chat.lastSendAt === undefined ? 0 : chat.lastSendAt + FLOOD_WINDOW_MS - now;
    const botWait = bot.recentSends.length >= FLOOD_MAX_PER_BOT ? (bot.recentSends[0] ?? now) + FLOOD_WINDOW_MS - now : 0;
    const wait = Math.max(chatWait, botWait);
    if (wait > 0) {
      this.violations++;
      throw tooManyRequests(Math.max(1, Math.ceil(wait / 1000)));
    }
    chat.lastSendAt = now;
    bot.recentSends.push(now);
  }

  private botAsUser(bot: Bot): User {
    return { id: bot.user.id, is_bot: true, first_name: bot.user.first_name, username: bot.user.username };
  }

  /** An uploaded file, an http(s) URL, or a file_id the bot knows. */
  private async inputFile(bot: Bot, kind: FileKind, input: unknown): Promise<StoredFile> {
    if (isUploadedFile(input)) return this.storeFile(bot, kind, input.bytes, { filename: input.filename, contentType: input.contentType });
    const value = str(input);
    if (isHttpUrl(value)) return this.fileFromUrl(bot, kind, value);
    const known = bot.files.get(value);
    if (!known) throw badRequest('wrong file identifier/HTTP URL specified');
    return known;
  }

  private async fileFromUrl(bot: Bot, kind: FileKind, url: string): Promise<StoredFile> {
    const filename = posix.basename(new URL(url).pathname) || undefined;
    // Tests must not reach the internet: only a loopback URL (a server of the test) is downloaded.
    if (!isLoopback(url)) return this.storeFile(bot, kind, Buffer.alloc(0), { filename, url });
    try {
      const res = await fetch(url, { signal: this.shutdown.signal });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const bytes = Buffer.from(await res.arrayBuffer());
      return this.storeFile(bot, kind, bytes, { filename, url, contentType: res.headers.get('content-type') ?? undefined });
    } catch {
      throw badRequest('failed to get HTTP URL content');
    }
  }

  private storeFile(bot: Bot, kind: FileKind, bytes: Buffer, o: { path?: string; filename?: string; contentType?: string; url?: string } = {}): StoredFile {
    const n = bot.fileCount++;
    // Telegram re-encodes photos, voice notes and stickers; a document keeps its name's extension.
    const ext = kind === 'document' ? extensionOf(o.filename) || KIND_EXTENSION.document : KIND_EXTENSION[kind];
    const file: StoredFile = {
      file_id: `${KIND_FILE_ID_PREFIX[kind]}${randomId(36)}`,
      file_unique_id: `AQAD${randomId(9)}`,
      file_path: o.path ?? `${KIND_FOLDER[kind]}/file_${n}.${ext}`,
      bytes,
      ...(o.filename !== undefined && { filename: o.filename }),
      contentType: o.contentType && o.contentType !== 'application/octet-stream' ? o.contentType : guessMimeType(o.filename ?? `x.${ext}`),
      ...(o.url !== undefined && { url: o.url }),
    };
    bot.files.set(file.file_id, file);
    bot.filesByPath.set(file.file_path, file);
    return file;
  }

  /** The Message field for a file of this kind, shaped as Telegram shapes it. */
  private mediaContent(bot: Bot, kind: FileKind, file: StoredFile, p: Params): MessageContent {
    const ids = { file_id: file.file_id, file_unique_id: file.file_unique_id, file_size: file.bytes.length };
    if (kind === 'photo') return { photo: this.photoSizes(bot, file) };
    if (kind === 'voice') {
      const voice: Voice = { ...ids, duration: int(p.duration, 0), mime_type: 'audio/ogg' };
      return { voice };
    }
    if (kind === 'sticker') {
      const sticker: Sticker = {
        ...ids,
        type: 'regular',
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
        ...(p.emoji !== undefined && { emoji: str(p.emoji) }),
      };
      return { sticker };
    }
    const document: Document = {
      ...ids,
      file_name: file.filename ?? posix.basename(file.file_path),
      mime_type: file.contentType ?? 'application/octet-stream',
    };
    return { document };
  }

  /**
   * Telegram keeps a photo in several sizes (boxes of 90, 320, 800 and 1280 px that are smaller than
   * the original, then the original up to 2560 px), each with its own file_id; the largest is last.
   * They all hold the original bytes here.
   */
  private photoSizes(bot: Bot, file: StoredFile, size?: { width: number; height: number }): PhotoSize[] {
    const { width, height } = size ?? imageSize(file.bytes) ?? { width: 800, height: 600 };
    const side = Math.max(width, height);
    const scaled = (box: number) => ({ width: Math.max(1, Math.round((width * box) / side)), height: Math.max(1, Math.round((height * box) / side)) });
    const smaller = [90, 320, 800, 1280]
      .filter((box) => box < side)
      .map((box) => {
        const copy = this.storeFile(bot, 'photo', file.bytes, { contentType: file.contentType });
        return { file_id: copy.file_id, file_unique_id: copy.file_unique_id, file_size: file.bytes.length, ...scaled(box) };
      });
    const largest = { file_id: file.file_id, file_unique_id: file.file_unique_id, file_size: file.bytes.length, ...scaled(Math.min(side, 2560)) };
    return [...smaller, largest];
  }

  private sendChatAction(bot: Bot, p: Params): Answer {
    if (!CHAT_ACTIONS.has(str(p.action).toLowerCase())) throw badRequest('wrong parameter action in request');
    this.writableChat(bot, p.chat_id);
    return ok(true);
  }

  private answerCallbackQuery(bot: Bot, p: Params): Answer {
    const id = str(p.callback_query_id);
    // Each query can be answered once; an unknown or answered one is "too old".
    if (bot.callbackQueries.get(id) !== false) throw badRequest('query is too old and response timeout expired or query ID is invalid');
    bot.callbackQueries.set(id, true);
    return ok(true);
  }

  private editMessageReplyMarkup(bot: Bot, p: Params): Answer {
    const markup = inlineKeyboardOf(parseReplyMarkup(p.reply_markup));
    if (p.chat_id === undefined && p.message_id === undefined) {
      if (!str(p.inline_message_id)) throw badRequest('message identifier is not specified');
      return ok(true); // inline messages are not kept; Telegram answers true for them
    }
    const chat = this.knownChat(bot, p.chat_id);
    const message = bot.messages.get(messageKey(chat.chat.id, int(p.message_id, 0)));
    if (!message) throw badRequest('message to edit not found');
    if (JSON.stringify(markup) === JSON.stringify(message.reply_markup)) throw badRequest(NOT_MODIFIED);
    message.reply_markup = markup;
    message.edit_date = nowSeconds();
    return ok(message);
  }

  private getFile(bot: Bot, p: Params): Answer {
    const id = str(p.file_id);
    if (!id) throw badRequest('file_id not specified');
    const file = bot.files.get(id);
    if (!file) throw badRequest('invalid file_id');
    if (file.bytes.length > MAX_DOWNLOAD_BYTES) throw badRequest('file is too big');
    return ok({ file_id: file.file_id, file_unique_id: file.file_unique_id, file_size: file.bytes.length, file_path: file.file_path });
  }

  // --- update builders -------------------------------------------------------------------------------

  private updateBuilders(): UpdateBuilders {
    return {
      text: (token, o) => this.incoming(token, o, () => ({ text: o.text, ...commandEntities(o.text) })),
      photo: (token, o = {}) =>
        this.incoming(token, o, (bot) => {
          const file = this.fileFor(bot, 'photo', o.file ?? SAMPLE_PNG);
          const size = o.width && o.height ? { width: o.width, height: o.height } : undefined;
          return { photo: this.photoSizes(bot, file, size), ...(o.caption !== undefined && { caption: o.caption }) };
        }),
      document: (token, o = {}) =>
        this.incoming(token, o, (bot) => {
          const file = this.fileFor(bot, 'document', o.file ?? Buffer.from('%PDF-1.4 sample\n'), o.fileName ?? 'document.pdf');
          const fileName = o.fileName ?? file.filename ?? posix.basename(file.file_path);
          const document: Document = {
            file_id: file.file_id,
            file_unique_id: file.file_unique_id,
            file_size: file.bytes.length,
            file_name: fileName,
            mime_type: o.mimeType ?? guessMimeType(fileName),
          };
          return { document, ...(o.caption !== undefined && { caption: o.caption }) };
        }),
      voice: (token, o = {}) =>
        this.incoming(token, o, (bot) => {
          const file = this.fileFor(bot, 'voice', o.file ?? Buffer.from('OggS sample voice'));
          return {
            voice: {
              file_id: file.file_id,
              file_unique_id: file.file_unique_id,
              file_size: file.bytes.length,
              duration: o.duration ?? 1,
              mime_type: 'audio/ogg',
            },
          };
        }),
      sticker: (token, o = {}) =>
        this.incoming(token, o, (bot) => {
          const file = this.fileFor(bot, 'sticker', o.file ?? Buffer.from('RIFF sample WEBP'));
          const sticker: Sticker = {
            file_id: file.file_id,
            file_unique_id: file.file_unique_id,
            file_size: file.bytes.length,
            type: 'regular',
            width: 512,
            height: 512,
            is_animated: false,
            is_video: false,
            emoji: o.emoji ?? '👍',
          };
          return { sticker };
        }),
      contact: (token, o) =>
        this.incoming(token, o, (_bot, from) => ({
          contact: {
            phone_number: o.phoneNumber,
            first_name: o.contactFirstName ?? from.first_name,
            ...(o.contactFirstName === undefined && from.last_name !== undefined && { last_name: from.last_name }),
            user_id: o.contactUserId ?? from.id,
          },
        })),
      callbackQuery: (token, o) => this.callbackQuery(token, o),
      blocked: (token, o = {}) => this.memberChange(token, o, 'kicked'),
      unblocked: (token, o = {}) => this.memberChange(token, o, 'member'),
    };
  }

  private userFrom(o: UserOptions): User {
    return {
      id: o.userId ?? 100_001,
      is_bot: false,
      first_name: o.firstName ?? 'Alice',
      ...(o.lastName !== undefined && { last_name: o.lastName }),
      ...(o.username !== undefined && { username: o.username }),
      language_code: o.languageCode ?? 'en',
    };
  }

  /** The user's private chat with the bot (its id is the user's), registered with the bot. */
  private privateChatOf(bot: Bot, user: User): { state: ChatState; chat: Chat.PrivateChat } {
    const chat: Chat.PrivateChat = {
      id: user.id,
      type: 'private',
      first_name: user.first_name,
      ...(user.last_name !== undefined && { last_name: user.last_name }),
      ...(user.username !== undefined && { username: user.username }),
    };
    return { state: this.ensureChat(bot, chat), chat };
  }

  /** A message from the user in their private chat with the bot. */
  private incoming(token: string, o: UserOptions, content: (bot: Bot, from: User) => MessageContent): NewUpdate {
    const bot = this.bot(token);
    const from = this.userFrom(o);
    const { state, chat } = this.privateChatOf(bot, from);
    const body = content(bot, from);
    return { message: { message_id: state.nextMessageId++, from, chat, date: nowSeconds(), ...body } };
  }

  private fileFor(bot: Bot, kind: FileKind, input: FileInput, filename?: string): StoredFile {
    if (!isAddedFile(input)) return this.storeFile(bot, kind, input, { filename });
    const file = bot.files.get(input.file_id);
    if (!file) throw new Error(`File ${input.file_id} was not added to this bot`);
    return file;
  }

  private callbackQuery(token: string, o: UserOptions & { data: string; message?: Message }): NewUpdate {
    const bot = this.bot(token);
    const from = this.userFrom(o);
    const { state } = this.privateChatOf(bot, from);
    const message = o.message ?? this.botMessageWithButton(bot, state, o.data);
    const id = `${bot.user.id}${String(++bot.callbackCount).padStart(6, '0')}`;
    return { callback_query: { id, from, message, chat_instance: state.chatInstance, data: o.data } };
  }

  /** A message the bot "sent" earlier carrying the pressed button (kept for edits, not listed in sent()). */
  private botMessageWithButton(bot: Bot, chat: ChatState, data: string): Message {
    const message: Message = {
      message_id: chat.nextMessageId++,
      from: this.botAsUser(bot),
      chat: chat.chat,
      date: nowSeconds(),
      text: 'Choose an option',
      reply_markup: { inline_keyboard: [[{ text: data, callback_data: data }]] },
    };
    bot.messages.set(messageKey(chat.chat.id, message.message_id), message);
    return message;
  }

  private memberChange(token: string, o: UserOptions, status: 'kicked' | 'member'): NewUpdate {
    const bot = this.bot(token);
    const from = this.userFrom(o);
    const { chat } = this.privateChatOf(bot, from);
    const botUser = this.botAsUser(bot);
    const kicked = { status: 'kicked' as const, user: botUser, until_date: 0 };
    const member = { status: 'member' as const, user: botUser };
    return {
      my_chat_member: {
        chat,
        from,
        date: nowSeconds(),
        old_chat_member: status === 'kicked' ? member : kicked,
        new_chat_member: status === 'kicked' ? kicked : member,
      },
    };
  }
}

function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}

/** bot_command entities as Telegram marks them (grammY's command() relies on the one at offset 0). */
function commandEntities(text: string): Pick<Message, 'entities'> {
  const entities = [...text.matchAll(/(?<![\w/<>])\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])/g)].map((m) => ({
    type: 'bot_command' as const,
    offset: m.index,
    length: m[0].length,
  }));
  return entities.length > 0 ? { entities } : {};
}

function writeAnswer(res: ServerResponse, answer: Answer): void {
  if (res.destroyed) return;
  const body = JSON.stringify(answer.body);
  const headers: OutgoingHttpHeaders = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  if (answer.retryAfter !== undefined) headers['retry-after'] = String(answer.retryAfter);
  res.writeHead(answer.status, headers).end(body);
}

export async function startTelegramServer(): Promise<TelegramServer> {
  const server = new FakeTelegram();
  await server.listen();
  return server;
}
