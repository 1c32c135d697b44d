import { z } from 'zod';
import { Message } from './inbox';
import { LIMITS } from './limits';

/** An internal note into a lead's history: operators see it, the lead never does. */
export const NoteBody = z.strictObject({
  /** The note's text. */
  text: z.string().trim().min(1).max(LIMITS.messageText),
  /** Idempotency key from the sender: a repeat returns the first note. */
  clientMessageId: z.string().min(1).max(LIMITS.clientMessageId).optional(),
});
export type NoteBody = z.infer<typeof NoteBody>;

/** The stored note, as it appears in the history (`internal: true`). */
export const NoteResult = z.object({ message: Message });
export type NoteResult = z.infer<typeof NoteResult>;
