import { z } from 'zod';
import { LIMITS } from './limits';
import { Message } from './inbox';
import { ScriptLog } from './scripts';

// The bots screen's test console: a bot editor talks to the bot as a lead (one test lead per user and
// bot, on the bot's hidden console channel) and watches the scenario, the attributes and the log.

export const ConsoleSendBody = z.strictObject({
  /** What the test lead writes, or the text of a button it pressed. */
  text: z.string().trim().min(1).max(LIMITS.messageText),
});
export type ConsoleSendBody = z.infer<typeof ConsoleSendBody>;

export const BotConsole = z.object({
  /** The test lead; null before the first message (and after a reset). */
  leadId: z.number().int().positive().nullable(),
  /** Oldest first (the last 200). */
  messages: z.array(Message),
  /** Where the test lead stands in the bot's scenario; null when no script waits for it. */
  scenario: z.object({ script: z.string(), step: z.number().int(), awaiting: z.boolean() }).nullable(),
  attributes: z.record(z.string(), z.string()),
  tags: z.array(z.string()),
  /** What the scripts logged while running for the test lead, newest first (the last 100). */
  logs: z.array(ScriptLog),
  /** Whether the bot has work queued for the test lead (it is still answering). */
  busy: z.boolean(),
});
export type BotConsole = z.infer<typeof BotConsole>;
