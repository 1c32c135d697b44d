import { z } from 'zod';
import { Id } from './common';

/** Settings of a business that change how Metadesk behaves for it. */
export const BusinessSettings = z.strictObject({
  /** User code's http client may call private and loopback addresses (a CRM on the business's LAN). */
  scriptHttpAllowPrivate: z.boolean().default(false),
  /** A lead writing after their dialog was closed goes back to the operator who had it, not to the bot. */
  reopenToLastOperator: z.boolean().default(false),
  /** While a lead's message waits unanswered and the workspace is hidden, remind the operator every N seconds. */
  reminderIntervalSec: z.number().int().min(10).max(3600).default(60),
  /**
   * Automatic distribution without a line of JavaScript: every waiting dialog is given to an operator
   * by the built-in rule (its department's, under their limit, least loaded, longest idle) as soon as
   * one can take it: when it starts waiting, and whenever an operator gets room (comes Online, closes,
   * transfers or returns a dialog, gets a higher limit or joins a department).
   */
  autoAssign: z.boolean().default(false),
  /** Automatic distribution also gives dialogs to Offline operators (under their limit). */
  autoAssignOffline: z.boolean().default(false),
  /** Automatic distribution tries the lead's previous operator first, when they can take it. */
  preferPreviousOperator: z.boolean().default(false),
});
export type BusinessSettings = z.infer<typeof BusinessSettings>;

export const BusinessView = z.object({ business: z.object({ id: Id, name: z.string(), settings: BusinessSettings }) });

export const UpdateBusinessBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  settings: BusinessSettings.partial().optional(),
});
export type UpdateBusinessBody = z.infer<typeof UpdateBusinessBody>;
