import { z } from 'zod';
import { Id } from './common';

/** Settings of a business that change how Metadesk behaves for it (each field without its default). */
const settingFields = {
  /** User code's http client may call private and loopback addresses (a CRM on the business's LAN). */
  scriptHttpAllowPrivate: z.boolean(),
  /** A lead writing after their dialog was closed goes back to the operator who had it, not to the bot. */
  reopenToLastOperator: z.boolean(),
  /** While a lead's message waits unanswered and the workspace is hidden, remind the operator every N seconds. */
  reminderIntervalSec: z.number().int().min(10).max(3600),
  /**
   * Automatic distribution without a line of JavaScript: every waiting dialog is given to an operator
   * by the built-in rule (its department's, under their limit, least loaded, longest idle) as soon as
   * one can take it: when it starts waiting, and whenever an operator gets room (comes Online, closes,
   * transfers or returns a dialog, gets a higher limit or joins a department).
   */
  autoAssign: z.boolean(),
  /** Automatic distribution also gives dialogs to Offline operators (under their limit). */
  autoAssignOffline: z.boolean(),
  /** Automatic distribution tries the lead's previous operator first, when they can take it. */
  preferPreviousOperator: z.boolean(),
  /** Automatic distribution gives dialogs only to operators who have the workspace open in a browser now. */
  autoAssignWorkspaceOnly: z.boolean(),
  /**
   * What an operator's active dialogs do when they go Offline (or sign out choosing Offline): stay
   * theirs (`keep`), or go back to Waiting (`requeue`), where automatic distribution, if on, hands
   * them to someone else at once.
   */
  offlineDialogs: z.enum(['keep', 'requeue']),
  /**
   * A dialog whose operator has not answered the lead within this many seconds of getting it goes back
   * to Waiting and, with automatic distribution on, to someone else (not to them again); null: never.
   */
  reassignAfterSec: z.number().int().min(30).max(86_400).nullable(),
  /** Service target: the operators' first answer within this many seconds of the transfer; null: none. Departments may set their own. */
  firstResponseTargetSec: z
    .number()
    .int()
    .min(5)
    .max(7 * 86_400)
    .nullable(),
  /** Service target: each later message of the lead answered within this many seconds; null: none. Departments may set their own. */
  nextResponseTargetSec: z
    .number()
    .int()
    .min(5)
    .max(7 * 86_400)
    .nullable(),
  /** Reports: a waiting lead silent this long before any operator answered counts as abandoned. */
  abandonAfterSec: z.number().int().min(30).max(86_400),
  /** The business's time zone (IANA name): reports' days and hours, working hours. */
  timeZone: z.string().refine(isTimeZone, 'Unknown time zone: use an IANA name such as Europe/Moscow'),
};

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const BusinessSettings = z.strictObject({
  scriptHttpAllowPrivate: settingFields.scriptHttpAllowPrivate.default(false),
  reopenToLastOperator: settingFields.reopenToLastOperator.default(false),
  reminderIntervalSec: settingFields.reminderIntervalSec.default(60),
  autoAssign: settingFields.autoAssign.default(false),
  autoAssignOffline: settingFields.autoAssignOffline.default(false),
  preferPreviousOperator: settingFields.preferPreviousOperator.default(false),
  autoAssignWorkspaceOnly: settingFields.autoAssignWorkspaceOnly.default(false),
  offlineDialogs: settingFields.offlineDialogs.default('keep'),
  reassignAfterSec: settingFields.reassignAfterSec.default(null),
  firstResponseTargetSec: settingFields.firstResponseTargetSec.default(null),
  nextResponseTargetSec: settingFields.nextResponseTargetSec.default(null),
  abandonAfterSec: settingFields.abandonAfterSec.default(600),
  timeZone: settingFields.timeZone.default('UTC'),
});
/**
 * What a PATCH changes: only the settings it names. (Not BusinessSettings.partial(): zod fills an
 * omitted field that has a default, so a PATCH of one setting would reset the others.)
 */
export const BusinessSettingsPatch = z.strictObject({
  scriptHttpAllowPrivate: settingFields.scriptHttpAllowPrivate.optional(),
  reopenToLastOperator: settingFields.reopenToLastOperator.optional(),
  reminderIntervalSec: settingFields.reminderIntervalSec.optional(),
  autoAssign: settingFields.autoAssign.optional(),
  autoAssignOffline: settingFields.autoAssignOffline.optional(),
  preferPreviousOperator: settingFields.preferPreviousOperator.optional(),
  autoAssignWorkspaceOnly: settingFields.autoAssignWorkspaceOnly.optional(),
  offlineDialogs: settingFields.offlineDialogs.optional(),
  reassignAfterSec: settingFields.reassignAfterSec.optional(),
  firstResponseTargetSec: settingFields.firstResponseTargetSec.optional(),
  nextResponseTargetSec: settingFields.nextResponseTargetSec.optional(),
  abandonAfterSec: settingFields.abandonAfterSec.optional(),
  timeZone: settingFields.timeZone.optional(),
});
export type BusinessSettings = z.infer<typeof BusinessSettings>;

export const BusinessView = z.object({ business: z.object({ id: Id, name: z.string(), settings: BusinessSettings }) });

export const UpdateBusinessBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  settings: BusinessSettingsPatch.optional(),
});
export type UpdateBusinessBody = z.infer<typeof UpdateBusinessBody>;
