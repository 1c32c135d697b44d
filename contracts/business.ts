import { z } from 'zod';
import { Id } from './common';
import { LIMITS } from './limits';

/** The longest text of the satisfaction survey. */
export const CSAT_TEXT_MAX = 500;

/** A text the lead reads, in each language the survey speaks (the lead's language starting with "ru": ru, else en). */
const SurveyText = z.strictObject({
  en: z.string().trim().min(1, 'Write the text').max(CSAT_TEXT_MAX, `At most ${CSAT_TEXT_MAX} characters`),
  ru: z.string().trim().min(1, 'Write the text').max(CSAT_TEXT_MAX, `At most ${CSAT_TEXT_MAX} characters`),
});

/** The satisfaction survey (CSAT) a lead gets when an operator closes their dialog. */
export const CsatSettings = z.strictObject({
  /** Ask the lead to rate the dialog when an operator closes it (not when it is returned to the bot). */
  enabled: z.boolean(),
  /** The question, sent with buttons 1–5 where the channel has buttons. */
  question: SurveyText,
  /** After the rating, ask for a comment: the lead's next text message (within 10 minutes) is stored with it. */
  askComment: z.boolean(),
  /** The request for a comment (with askComment). */
  commentQuestion: SurveyText,
  /** Sent once the survey is answered (after the comment, with askComment). */
  thanks: SurveyText,
});
export type CsatSettings = z.infer<typeof CsatSettings>;

export const CSAT_DEFAULTS: CsatSettings = {
  enabled: false,
  question: { en: 'How would you rate our help? 1 is poor, 5 is excellent.', ru: 'Оцените, пожалуйста, нашу помощь: 1 — плохо, 5 — отлично.' },
  askComment: false,
  commentQuestion: {
    en: 'Thank you! Anything you would like to add? Write it in one message.',
    ru: 'Спасибо! Хотите что-то добавить? Напишите одним сообщением.',
  },
  thanks: { en: 'Thank you for your rating!', ru: 'Спасибо за оценку!' },
};

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
  /** Satisfaction survey: after an operator closes a dialog, the lead is asked to rate it 1–5 (see CsatSettings). */
  csat: CsatSettings,
  /** Outside working hours, a lead the bot transfers: waits in the queue until they open (`wait`), or stays with the bot (`bot`). */
  outOfHours: z.enum(['wait', 'bot']),
  /**
   * The reply a lead transferred outside working hours gets, per language code (`{ en: '…', ru: '…' }`):
   * the lead's language, else the first one; none: no reply.
   */
  outOfHoursReply: z
    .record(z.string().regex(/^[a-z]{2,3}$/, 'a language is a code such as en or ru'), z.string().trim().max(2000, 'At most 2000 characters'))
    .refine((r) => Object.keys(r).length <= 20, 'At most 20 languages'),
  /**
   * Requests each API token of the business may make per minute (a fixed window, counted across all
   * processes); over it: 429 with Retry-After. Browser sessions are not limited by it.
   */
  apiRateLimitPerMinute: z
    .number()
    .int('A whole number of requests')
    .min(LIMITS.apiRatePerMinute.min, `At least ${LIMITS.apiRatePerMinute.min}`)
    .max(LIMITS.apiRatePerMinute.max, `At most ${LIMITS.apiRatePerMinute.max}`),
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
  csat: settingFields.csat.default(CSAT_DEFAULTS),
  outOfHours: settingFields.outOfHours.default('wait'),
  outOfHoursReply: settingFields.outOfHoursReply.default({}),
  apiRateLimitPerMinute: settingFields.apiRateLimitPerMinute.default(LIMITS.apiRatePerMinute.default),
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
  /** The whole survey at once (its texts are checked together). */
  csat: settingFields.csat.optional(),
  outOfHours: settingFields.outOfHours.optional(),
  /** The replies in every language at once (a language left out is removed). */
  outOfHoursReply: settingFields.outOfHoursReply.optional(),
  apiRateLimitPerMinute: settingFields.apiRateLimitPerMinute.optional(),
});
export type BusinessSettings = z.infer<typeof BusinessSettings>;

export const BusinessView = z.object({ business: z.object({ id: Id, name: z.string(), settings: BusinessSettings }) });

export const UpdateBusinessBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  settings: BusinessSettingsPatch.optional(),
});
export type UpdateBusinessBody = z.infer<typeof UpdateBusinessBody>;
