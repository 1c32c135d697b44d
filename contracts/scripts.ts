import { z } from 'zod';
import { Id, Millis } from './common';
import { AttrName } from './leads';
import { LIMITS } from './limits';
import { NextCursor, pageQuery } from './pagination';

/** Limits of bot scripting shared by the server and the admin UI. */
export const SCRIPT_LIMITS = {
  /** Characters of one condition or run_js body. */
  js: 20_000,
  commandsPerScript: 200,
  scriptsPerBot: 500,
  triggersPerBot: 500,
  /** Request body of PUT …/scripts/:code (a script full of long JS is far above the API's usual limit). */
  scriptBytes: 1024 * 1024,
  /** Request body of POST /bots/import. */
  importBytes: 8 * 1024 * 1024,
} as const;

/** A script's or trigger's code: how commands, buttons and the JS API name it. */
export const ScriptCode = z.string().regex(/^[a-z0-9_]{1,64}$/, 'lowercase letters, digits and _, up to 64');
/** JavaScript run in the business's sandbox; a condition is an expression, run_js a script body. */
const Js = z.string().max(SCRIPT_LIMITS.js);
/** Message text; {{attribute}} is replaced by the lead's attribute (and {{name}} by the lead's name). */
const Text = z.string().min(1).max(LIMITS.messageText);
/** Media the messenger fetches and the web app shows: http(s) only, never javascript: or data:. */
const MediaUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).max(2048);

/** How an "ask" command checks the lead's answer before saving it. */
export const AnswerValidation = z.enum(['any', 'phone', 'email', 'number']);
export type AnswerValidation = z.infer<typeof AnswerValidation>;

export const Button = z.strictObject({
  label: z.string().min(1).max(64),
  /** Pressing it runs this script; otherwise the label is the lead's answer. */
  script: ScriptCode.optional(),
});
export type Button = z.infer<typeof Button>;

/** Every command may carry a condition: a JS expression; the command is skipped when it is falsy. */
const base = { condition: Js.min(1).optional() };

export const Command = z.discriminatedUnion('type', [
  z.strictObject({ ...base, type: z.literal('send_text'), text: Text }),
  z.strictObject({ ...base, type: z.literal('send_image'), url: MediaUrl, caption: z.string().max(1024).optional() }),
  z.strictObject({ ...base, type: z.literal('send_file'), url: MediaUrl, name: z.string().max(200).optional() }),
  /** Text with buttons; inline where the channel allows, else numbered text options. The scenario waits for a choice. */
  z.strictObject({ ...base, type: z.literal('menu'), text: Text, buttons: z.array(Button).min(1).max(20), inline: z.boolean().default(true) }),
  /** Asks a question and saves the validated answer to an attribute; a bad answer repeats retryText. */
  z.strictObject({
    ...base,
    type: z.literal('ask'),
    text: Text,
    attribute: AttrName,
    validate: AnswerValidation.default('any'),
    retryText: Text.optional(),
  }),
  z.strictObject({ ...base, type: z.literal('set_attribute'), name: AttrName, value: z.string().max(LIMITS.attributeValue) }),
  z.strictObject({ ...base, type: z.literal('set_status'), status: z.string().min(1).max(64) }),
  z.strictObject({ ...base, type: z.literal('add_tag'), tag: z.string().min(1).max(LIMITS.tag) }),
  z.strictObject({ ...base, type: z.literal('remove_tag'), tag: z.string().min(1).max(LIMITS.tag) }),
  /** Metabot's «Добавить контекст / Удалить контекст»: named marks scripts keep on the lead, like tags. */
  z.strictObject({ ...base, type: z.literal('add_context'), context: z.string().min(1).max(LIMITS.tag) }),
  z.strictObject({ ...base, type: z.literal('remove_context'), context: z.string().min(1).max(LIMITS.tag) }),
  /** Continues in another script of the bot (the rest of this one is not run). */
  z.strictObject({ ...base, type: z.literal('run_script'), script: ScriptCode }),
  z.strictObject({ ...base, type: z.literal('run_js'), code: Js }),
  /** Runs a trigger's script for this lead now, or after delaySec. */
  z.strictObject({
    ...base,
    type: z.literal('run_trigger'),
    trigger: ScriptCode,
    delaySec: z
      .number()
      .int()
      .min(0)
      .max(366 * 86_400)
      .optional(),
  }),
  z.strictObject({ ...base, type: z.literal('stop') }),
  /** Hands the lead to the contact center (Waiting), optionally for a department. */
  z.strictObject({ ...base, type: z.literal('transfer_to_operator'), departmentCode: z.string().min(1).max(32).optional() }),
  /** Ends the lead's dialog with operators and restarts the bot at a script (default: the bot's return script). */
  z.strictObject({ ...base, type: z.literal('return_to_bot'), script: ScriptCode.optional() }),
]);
export type Command = z.infer<typeof Command>;

/**
 * How a lead's message enters a script: an exact command (/start) or a keyword contained in the
 * text. Both compare case-insensitively, and each is unique across a bot's scripts.
 */
export const Entry = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('command'), value: z.string().regex(/^\/[A-Za-z0-9_]{1,32}$/, 'a slash and up to 32 letters, digits, _') }),
  z.strictObject({ type: z.literal('keyword'), value: z.string().trim().min(1).max(64) }),
]);
export type Entry = z.infer<typeof Entry>;

export const ScriptType = z.enum(['standard', 'fallback', 'system']);
export type ScriptType = z.infer<typeof ScriptType>;

const ScriptName = z.string().trim().min(1).max(100);

/** What an author writes: the body of PUT …/scripts/:code, a version snapshot, an entry of an export. */
export const ScriptBody = z.strictObject({
  code: ScriptCode,
  name: ScriptName,
  /** fallback: answers what no script recognised; system: the transfer-to-operator script. At most one of each per bot. */
  type: ScriptType.default('standard'),
  entries: z.array(Entry).max(20).default([]),
  commands: z.array(Command).max(SCRIPT_LIMITS.commandsPerScript),
});
export type ScriptBody = z.infer<typeof ScriptBody>;

export const Script = ScriptBody.extend({
  id: Id,
  botId: Id,
  /** Bumped by every save; send it back as `?ifVersion=` to refuse overwriting someone else's save. */
  version: z.number().int(),
  updatedAt: Millis,
});
export type Script = z.infer<typeof Script>;

/** A script in the list: everything but its commands. */
export const ScriptSummary = z.object({
  id: Id,
  botId: Id,
  code: ScriptCode,
  name: z.string(),
  type: ScriptType,
  entries: z.array(Entry),
  /** How many commands it has (the commands themselves come with GET …/scripts/:code). */
  commandCount: z.number().int(),
  version: z.number().int(),
  updatedAt: Millis,
});
export type ScriptSummary = z.infer<typeof ScriptSummary>;

export const ScriptList = z.object({
  /** Every script of the bot, oldest first. */
  scripts: z.array(ScriptSummary),
});
export type ScriptList = z.infer<typeof ScriptList>;

export const ScriptResponse = z.object({ script: Script });
export type ScriptResponse = z.infer<typeof ScriptResponse>;

/** One saved version of a script. */
export const ScriptVersionInfo = z.object({
  version: z.number().int(),
  /** Who saved it; null for API tokens and the system (bot creation, import, versions from before history). */
  authorUserId: Id.nullable(),
  authorName: z.string().nullable(),
  createdAt: Millis,
});
export type ScriptVersionInfo = z.infer<typeof ScriptVersionInfo>;

export const ScriptVersionsQuery = z.strictObject({
  ...pageQuery({ default: 50, max: LIMITS.pageSize }),
});

export const ScriptVersionList = z.object({
  /** Newest first; the first one of the first page is the current version. */
  versions: z.array(ScriptVersionInfo),
  nextCursor: NextCursor,
});
export type ScriptVersionList = z.infer<typeof ScriptVersionList>;

/** A version with the script as it was saved. */
export const ScriptSnapshot = ScriptVersionInfo.extend({ script: ScriptBody });
export const ScriptSnapshotResponse = z.object({ snapshot: ScriptSnapshot });
export type ScriptSnapshotResponse = z.infer<typeof ScriptSnapshotResponse>;

/** `/api/v1/bots/:botId/…` */
export const BotIdParam = z.object({ botId: z.coerce.number().int().positive() });
/** `/api/v1/bots/:botId/scripts/:code` (and triggers). */
export const ScriptParams = BotIdParam.extend({ code: ScriptCode });
export const ScriptVersionParams = ScriptParams.extend({ version: z.coerce.number().int().positive() });

export const IfVersionQuery = z.object({
  /** Optimistic concurrency: refuse (409) unless the stored version is this one; 0 = the script must not exist yet. */
  ifVersion: z.coerce.number().int().min(0).optional(),
});

/**
 * lead_changed: any change of the lead (attribute, status, tag, context), Metabot's «Любое изменение лида»;
 * context_added / context_removed: «Изменение Контекста лида». Added later, so last.
 */
export const TriggerEvent = z.enum([
  'attribute_changed',
  'status_changed',
  'tag_added',
  'tag_removed',
  'manual',
  'lead_changed',
  'context_added',
  'context_removed',
]);
export type TriggerEvent = z.infer<typeof TriggerEvent>;
/** The trigger events a change of a lead's data fires (manual ones fire on none). */
export type LeadDataEvent = Exclude<TriggerEvent, 'manual'>;

const triggerFields = {
  code: ScriptCode,
  name: z.string().trim().min(1).max(100),
  /** The script the trigger runs for the lead. */
  script: ScriptCode,
  /** Lead event that fires it; lead_changed: any change of the lead; manual: only from JS, commands, the API or a schedule. */
  on: TriggerEvent,
  /** Which attribute (attribute_changed), status (status_changed), tag (tag_added/removed) or context (context_added/removed) fires it; omitted: any (lead_changed and manual: always omitted). */
  match: z.string().trim().min(1).max(64).optional(),
  enabled: z.boolean().default(true),
};

/** What `match` may be, per event; manual triggers fire on no event and lead_changed on every change, so they match nothing. */
const MATCH_RULES: Record<TriggerEvent, z.ZodType<string> | null> = {
  attribute_changed: AttrName,
  status_changed: z.string().min(1).max(64),
  tag_added: z.string().min(1).max(LIMITS.tag),
  tag_removed: z.string().min(1).max(LIMITS.tag),
  manual: null,
  lead_changed: null,
  context_added: z.string().min(1).max(LIMITS.tag),
  context_removed: z.string().min(1).max(LIMITS.tag),
};

const MATCH_NOUN: Record<TriggerEvent, string> = {
  attribute_changed: 'attribute name',
  status_changed: 'status',
  tag_added: 'tag',
  tag_removed: 'tag',
  manual: '',
  lead_changed: '',
  context_added: 'context',
  context_removed: 'context',
};

export const TriggerBody = z.strictObject(triggerFields).superRefine((t, ctx) => {
  if (t.match === undefined) return;
  const rule = MATCH_RULES[t.on];
  if (!rule) {
    ctx.addIssue({
      code: 'custom',
      path: ['match'],
      message: t.on === 'manual' ? 'a manual trigger fires on no event: omit match' : 'a lead_changed trigger fires on every change of the lead: omit match',
    });
    return;
  }
  const r = rule.safeParse(t.match);
  if (!r.success)
    ctx.addIssue({
      code: 'custom',
      path: ['match'],
      message: `not a valid ${MATCH_NOUN[t.on]}: ${r.error.issues[0]?.message ?? 'invalid'}`,
    });
});
export type TriggerBody = z.infer<typeof TriggerBody>;

export const Trigger = z.object({
  ...triggerFields,
  id: Id,
  botId: Id,
  createdAt: Millis,
});
export type Trigger = z.infer<typeof Trigger>;

export const TriggerList = z.object({
  /** Every trigger of the bot, oldest first. */
  triggers: z.array(Trigger),
});
export type TriggerList = z.infer<typeof TriggerList>;

export const TriggerResponse = z.object({ trigger: Trigger });
export type TriggerResponse = z.infer<typeof TriggerResponse>;

/**
 * A bot as a portable JSON document (GET /bots/:id/export, POST /bots/import): its settings, scripts
 * and triggers by code, with no ids and no business data (channels, leads, users). See docs/bots.md.
 */
export const BotExport = z.strictObject({
  format: z.literal('metadesk.bot'),
  version: z.literal(1),
  bot: z.strictObject({
    /** The new bot's display name (the same rule as a bot's name; `?name=` on import overrides it). */
    name: z.string().trim().min(1).max(100),
    /** Script codes of this document, or null. */
    startScript: ScriptCode.nullable().default(null),
    returnScript: ScriptCode.nullable().default(null),
    transferScript: ScriptCode.nullable().default(null),
  }),
  scripts: z.array(ScriptBody).max(SCRIPT_LIMITS.scriptsPerBot),
  triggers: z.array(TriggerBody).max(SCRIPT_LIMITS.triggersPerBot).default([]),
});
export type BotExport = z.infer<typeof BotExport>;

export const ImportBotQuery = z.object({
  /** Name of the new bot instead of the document's. */
  name: z.string().trim().min(1).max(100).optional(),
});

export const ScriptLogLevel = z.enum(['log', 'info', 'warn', 'error']);
export type ScriptLogLevel = z.infer<typeof ScriptLogLevel>;

/** A line user code printed (console.log …) or an error it raised, written by the bot runtime. */
export const ScriptLog = z.object({
  id: Id,
  leadId: Id.nullable(),
  /** Code of the script that was running, if any. */
  script: z.string().nullable(),
  level: ScriptLogLevel,
  message: z.string(),
  createdAt: Millis,
});
export type ScriptLog = z.infer<typeof ScriptLog>;

export const ScriptLogsQuery = z.strictObject({
  /** Only lines written while running for this lead. */
  leadId: z.coerce.number().int().positive().optional(),
  level: ScriptLogLevel.optional(),
  ...pageQuery({ default: 50, max: LIMITS.pageSize }),
});

export const ScriptLogList = z.object({
  /** Newest first. */
  logs: z.array(ScriptLog),
  nextCursor: NextCursor,
});
export type ScriptLogList = z.infer<typeof ScriptLogList>;
