import { z } from 'zod';
import { Id } from './common';
import { LIMITS } from './limits';

/** An external system (a messenger bridge, a CRM) posts a lead's message into an API channel. */
export const InboundBody = z.strictObject({
  lead: z.strictObject({
    /** The lead's id in the external system; the lead is created on first contact. */
    messengerId: z.string().trim().min(1).max(128),
    /** Display name; updates the lead's name when it changes. */
    name: z.string().trim().min(1).max(LIMITS.leadName).optional(),
    /** IETF language tag, e.g. "ru" or "en-GB". */
    language: z.string().trim().min(2).max(16).optional(),
  }),
  message: z.strictObject({
    /** Your id for this message: repeats are acknowledged and never stored twice. */
    clientMessageId: z.string().min(1).max(LIMITS.clientMessageId),
    text: z.string().min(1).max(LIMITS.messageText),
    /** Attachments or other structured data, stored with the message. */
    payload: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type InboundBody = z.infer<typeof InboundBody>;

/** Who answers a lead's message: the bot, or the contact center's operators. */
export const HandledBy = z.enum(['bot', 'operators']);
export type HandledBy = z.infer<typeof HandledBy>;

export const InboundResult = z.object({
  leadId: Id,
  messageId: Id,
  /** true when this clientMessageId was already received: nothing new was stored. */
  duplicate: z.boolean(),
  /** Who answers this message: the bot, or the contact center's operators. */
  handledBy: HandledBy,
});
