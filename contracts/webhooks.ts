import { z } from 'zod';
import { Attachment } from './attachments';
import { Id, Millis } from './common';
import { MessageAuthor } from './inbox';

/** The headers of every webhook call: what it is, the delivery to dedupe on, and its signature. */
export const WEBHOOK_HEADERS = {
  event: 'x-metadesk-event',
  /** The same on every retry of one delivery (delivery is at least once). */
  delivery: 'x-metadesk-delivery',
  /** Unix seconds when this attempt was signed. */
  timestamp: 'x-metadesk-timestamp',
  /** `sha256=<hex HMAC-SHA256(webhookSecret, "<timestamp>.<raw body>")>`. */
  signature: 'x-metadesk-signature',
} as const;

/** `message.created`: a bot's or an operator's message to a lead of an API channel, POSTed to its webhook URL (internal notes never are). */
export const MessageCreatedWebhook = z.object({
  event: z.literal('message.created'),
  lead: z.object({
    id: Id,
    /** The lead's id in your messenger, as your integration sent it. */
    messengerId: z.string(),
    name: z.string(),
    language: z.string().nullable(),
  }),
  message: z.object({
    id: Id,
    author: MessageAuthor,
    /** The operator's name (author = operator); null for the bot. */
    authorName: z.string().nullable(),
    text: z.string(),
    /** A bot menu's or the satisfaction survey's buttons: `{ buttons: [{ label }], inline }`; null: none. */
    payload: z.record(z.string(), z.unknown()).nullable(),
    createdAt: Millis,
    /** Files sent with the message, each `url` an absolute signed link that works without a session for a while. */
    attachments: z.array(Attachment),
  }),
});
export type MessageCreatedWebhook = z.infer<typeof MessageCreatedWebhook>;
