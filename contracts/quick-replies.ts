import { z } from 'zod';
import { Id, Millis } from './common';
import { LIMITS } from './limits';

/**
 * What an operator types after "/" in the composer. Lowercase letters of any script (`привет`),
 * letters of scripts without case, their combining marks, digits, `-` and `_`: no upper case, so
 * `/Hello` and `/hello` can never be two replies. Checked after NFC normalization, which is also
 * what is stored, so a letter typed precomposed or decomposed is the same shortcut.
 */
export const QUICK_REPLY_SHORTCUT = /^[\p{Ll}\p{Lo}\p{M}\p{Nd}_-]{1,32}$/u;

const Shortcut = z.string().trim().normalize('NFC').regex(QUICK_REPLY_SHORTCUT, 'use 1-32 lowercase letters, digits, _ and - (without the leading /)');
const ReplyText = z.string().trim().min(1).max(LIMITS.messageText);

/** A business's canned response. */
export const QuickReply = z.object({
  id: Id,
  /** Unique per business; typed as "/" + shortcut. */
  shortcut: z.string(),
  /** What the composer is filled with. */
  text: z.string(),
  createdAt: Millis,
  updatedAt: Millis,
});
export type QuickReply = z.infer<typeof QuickReply>;

/** All of the business's quick replies, by shortcut (code point order, the same on every database). */
export const QuickReplyList = z.object({ quickReplies: z.array(QuickReply) });
export type QuickReplyList = z.infer<typeof QuickReplyList>;

export const QuickReplyResponse = z.object({ quickReply: QuickReply });

export const CreateQuickReplyBody = z.strictObject({
  /** Unique per business. */
  shortcut: Shortcut,
  /** The reply's text. */
  text: ReplyText,
});
export type CreateQuickReplyBody = z.infer<typeof CreateQuickReplyBody>;

export const UpdateQuickReplyBody = z
  .strictObject({
    /** New shortcut, unique per business. */
    shortcut: Shortcut.optional(),
    /** New text. */
    text: ReplyText.optional(),
  })
  .refine((b) => b.shortcut !== undefined || b.text !== undefined, 'give shortcut, text or both');
export type UpdateQuickReplyBody = z.infer<typeof UpdateQuickReplyBody>;
