import { z } from 'zod';
import { Id, Millis } from './common';
import { ATTACHMENT_MIMES, LIMITS } from './limits';

// The web widget's protocol: what the chat on a customer's site (widget/) and the server
// (server/channels/widget/) say to each other. A visitor is its own kind of caller: its token
// reaches only its own conversation. Every route is under /api/widget/v1 and answers CORS for the
// origins the channel allows.

/** The channel's public key, as in the snippet's data-key: `wk_` and 32 URL-safe characters. */
export const WidgetKey = z.string().regex(/^wk_[A-Za-z0-9_-]{16,64}$/, 'a widget key, as in the snippet (wk_…)');

/** A visitor's token: sent as `Authorization: Bearer <token>` (and `?token=` on the socket). Opaque to the widget. */
export const VisitorToken = z.string().min(20).max(300);

/** How the widget shows a bot's buttons: one per row, or as many as fit on a row. */
export const WidgetButtonLayout = z.enum(['column', 'row']);

const settingFields = {
  /** The header of the chat window; null: the widget's own ("Chat with us" / «Напишите нам»). */
  title: z.string().trim().min(1).max(60).nullable(),
  /** Shown first in an empty conversation (before the bot's own greeting); null: none. */
  greeting: z.string().trim().min(1).max(500).nullable(),
  buttonLayout: WidgetButtonLayout,
  /** Show each message's date and time. */
  showTimes: z.boolean(),
  /** Sites allowed to embed the chat, as origins (`https://shop.example.com`); empty: any site. */
  allowedOrigins: z.array(z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin)).max(20),
  /** The chat's accent colour (#rrggbb). */
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb'),
};

/** A widget channel's settings, chosen by its admin (POST/PATCH /api/v1/channels); what is left out takes its default. */
export const WidgetSettings = z.strictObject({
  title: settingFields.title.default(null),
  greeting: settingFields.greeting.default(null),
  buttonLayout: settingFields.buttonLayout.default('column'),
  showTimes: settingFields.showTimes.default(true),
  allowedOrigins: settingFields.allowedOrigins.default([]),
  color: settingFields.color.default('#2f6fed'),
});
/** PATCH /api/v1/channels/:id `widget`: the settings to change; the others stay. */
export const WidgetSettingsPatch = z.strictObject({
  title: settingFields.title.optional(),
  greeting: settingFields.greeting.optional(),
  buttonLayout: settingFields.buttonLayout.optional(),
  showTimes: settingFields.showTimes.optional(),
  allowedOrigins: settingFields.allowedOrigins.optional(),
  color: settingFields.color.optional(),
});
export type WidgetSettings = z.infer<typeof WidgetSettings>;

/** POST /api/widget/v1/sessions: start (no token, or one that is no longer valid) or resume a visitor's conversation. */
export const WidgetSessionBody = z.strictObject({
  key: WidgetKey,
  /** The token this browser kept (localStorage); a valid one resumes the same conversation. */
  token: VisitorToken.nullable().optional(),
  /** The page's language (navigator.language), for the lead and the widget's texts. */
  language: z.string().trim().min(2).max(16).optional(),
});

/** What the widget needs to draw itself: the settings it shows (never the allowed origins). */
export const WidgetAppearance = z.object({
  title: z.string().nullable(),
  greeting: z.string().nullable(),
  buttonLayout: WidgetButtonLayout,
  showTimes: z.boolean(),
  color: z.string(),
});
export type WidgetAppearance = z.infer<typeof WidgetAppearance>;

export const WidgetSession = z.object({
  /** Keep it (localStorage, per key) and send it with every call. */
  token: VisitorToken,
  /** true when `token` in the request was valid and this is the same conversation. */
  resumed: z.boolean(),
  appearance: WidgetAppearance,
  /** Limits the widget checks before sending (the server checks them again). */
  limits: z.object({ messageText: z.number().int(), attachmentBytes: z.number().int(), attachmentMimes: z.array(z.string()) }),
});
export type WidgetSession = z.infer<typeof WidgetSession>;

/** A file in the conversation; `url` is a signed link that works without credentials for 7 days. */
export const WidgetAttachment = z.object({
  id: Id,
  name: z.string(),
  mime: z.enum(ATTACHMENT_MIMES),
  size: z.number().int(),
  kind: z.enum(['image', 'audio', 'video', 'file']),
  url: z.string(),
});
export type WidgetAttachment = z.infer<typeof WidgetAttachment>;

/** A message as the visitor sees it: its own, the bot's (with buttons or media) and operators' (with their names). Internal notes and system lines never reach it. */
export const WidgetMessage = z.object({
  id: Id,
  author: z.enum(['lead', 'bot', 'operator']),
  /** An operator's name; null for the visitor's own and the bot's messages. */
  authorName: z.string().nullable(),
  text: z.string(),
  /** A bot's menu: pressing one sends its label as the visitor's message. */
  buttons: z.array(z.object({ label: z.string() })).nullable(),
  /** A picture or file the bot sent by URL. */
  image: z.string().nullable(),
  file: z.object({ url: z.string(), name: z.string().nullable() }).nullable(),
  attachments: z.array(WidgetAttachment),
  /** The visitor's own id for a message it sent (echoed, so the widget can match its optimistic copy). */
  clientMessageId: z.string().nullable(),
  createdAt: Millis,
});
export type WidgetMessage = z.infer<typeof WidgetMessage>;

/** GET /api/widget/v1/messages: the conversation, oldest first; `after` gives only newer ones (catch-up after a reconnect). */
export const WidgetMessagesQuery = z.object({
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(50),
});
export const WidgetMessageList = z.object({
  messages: z.array(WidgetMessage),
  /** More newer messages than `limit` after `after`: ask again from the last one. */
  hasMore: z.boolean(),
});
export type WidgetMessageList = z.infer<typeof WidgetMessageList>;

/** POST /api/widget/v1/messages: the visitor writes (text, files uploaded before, or both). */
export const WidgetSendBody = z
  .strictObject({
    /** The widget's own id for this message: a retry with the same id is stored once. */
    clientMessageId: z.string().min(1).max(LIMITS.clientMessageId),
    text: z.string().max(LIMITS.messageText).default(''),
    attachmentIds: z.array(Id).max(LIMITS.attachmentsPerMessage).default([]),
  })
  .refine((b) => b.text.trim().length > 0 || b.attachmentIds.length > 0, { message: 'write a text or attach a file', path: ['text'] });
export type WidgetSendBody = z.infer<typeof WidgetSendBody>;

export const WidgetSent = z.object({ message: WidgetMessage, duplicate: z.boolean() });
export type WidgetSent = z.infer<typeof WidgetSent>;

/** POST /api/widget/v1/attachments (multipart, one `file` field): a file to send with the next message. */
export const WidgetUploaded = z.object({ attachment: WidgetAttachment });

/**
 * The socket: `GET /api/widget/v1/socket?token=…&after=<last message id>` (WebSocket). The server
 * first sends every message after `after`, then live ones; a message sent again (its delivery or
 * content changed) replaces the one with its id. The widget sends nothing but `{"type":"ping"}`.
 * A refused socket is closed at once with 4001 (the token is not valid: start a new session) or
 * 4003 (this site may not use the chat). A change to a message the widget already had, made while it
 * was away, is not sent again on reconnect: only newer messages are.
 */
export const WIDGET_CLOSE = { badToken: 4001, siteNotAllowed: 4003 } as const;
export const WidgetSocketQuery = z.object({ token: VisitorToken, after: z.coerce.number().int().min(0).optional() });
export const WidgetFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message'), message: WidgetMessage }),
  /** Someone on the contact center's side is writing (an operator typing, or the bot working): show it for a few seconds. */
  z.object({ type: z.literal('typing'), authorName: z.string().nullable() }),
  z.object({ type: z.literal('pong') }),
]);
export type WidgetFrame = z.infer<typeof WidgetFrame>;
