import { z } from 'zod';
import { EmailAddress } from './mail';

/** A transcript's file format: plain text (UTF-8) or PDF. */
export const TranscriptFormat = z.enum(['text', 'pdf']);
export type TranscriptFormat = z.infer<typeof TranscriptFormat>;

/** The language of a transcript's labels and system lines (messages stay as written). */
export const TranscriptLang = z.enum(['en', 'ru']);
export type TranscriptLang = z.infer<typeof TranscriptLang>;

/** GET /api/v1/dialogs/:id/transcript */
export const TranscriptQuery = z.strictObject({
  format: TranscriptFormat.default('text'),
  lang: TranscriptLang.default('en'),
  /** 1: internal notes included (marked as such); default 0: what the lead and the operators said only. */
  notes: z.enum(['0', '1']).default('0'),
});
export type TranscriptQuery = z.infer<typeof TranscriptQuery>;

/** POST /api/v1/dialogs/:id/transcript/email */
export const EmailTranscriptBody = z.strictObject({
  to: EmailAddress,
  format: TranscriptFormat.default('pdf'),
  lang: TranscriptLang.default('en'),
  /** Include internal notes (marked as such). */
  notes: z.boolean().default(false),
});
export type EmailTranscriptBody = z.infer<typeof EmailTranscriptBody>;

export const TranscriptSent = z.object({
  ok: z.literal(true),
  to: z.string(),
  /** The attached file's name. */
  fileName: z.string(),
});
export type TranscriptSent = z.infer<typeof TranscriptSent>;
