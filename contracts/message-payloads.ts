import { z } from 'zod';
import { Id } from './common';

// What a message's `payload` holds, by author: the web app renders these, the server writes them.

/** A system line of the history, stored structured so each operator reads it in their own language. */
export const SystemLine = z.discriminatedUnion('kind', [
  /** The bot (or the API) handed the lead to operators, optionally for a department. */
  z.object({ kind: z.literal('transferred'), departmentCode: z.string().nullable() }),
  /** The dialog got an operator: taken (byUserId = the operator), assigned by someone, or by the router (null). */
  z.object({ kind: z.literal('assigned'), operatorId: Id, operatorName: z.string(), byUserId: Id.nullable() }),
  z.object({ kind: z.literal('invited'), operatorId: Id, operatorName: z.string() }),
  z.object({ kind: z.literal('transferred_to_department'), departmentCode: z.string() }),
  z.object({ kind: z.literal('closed'), byName: z.string().nullable() }),
  /** Back to the bot, at this script (null: the bot's return script or its start). */
  z.object({ kind: z.literal('returned_to_bot'), script: z.string().nullable(), byName: z.string().nullable() }),
  /** Back to Waiting from its operator, by the server: they went Offline (`offlineDialogs`), or did not answer in time (`reassignAfterSec`). */
  z.object({ kind: z.literal('released'), operatorId: Id, operatorName: z.string(), reason: z.enum(['offline', 'no_answer']) }),
]);
export type SystemLine = z.infer<typeof SystemLine>;

/** A bot's message: menu buttons as the lead saw them, or an image or file the bot sent by URL. */
export const BotPayload = z.object({
  buttons: z.array(z.object({ label: z.string() })).optional(),
  /** The messenger shows the buttons under the message where it can, else as numbered text options. */
  inline: z.boolean().optional(),
  image: z.object({ url: z.string() }).optional(),
  file: z.object({ url: z.string(), name: z.string().nullable() }).optional(),
  /** The bot asks for a value of this kind (an "ask" command): messengers that can offer a "share my phone" button do for `phone`. */
  ask: z.enum(['any', 'phone', 'email', 'number']).optional(),
});
export type BotPayload = z.infer<typeof BotPayload>;
