import type { ScriptLogLevel } from '../../contracts/scripts';
import type { BotJobParams, ScenarioState } from '../bots/index';

export interface LogLine {
  level: ScriptLogLevel;
  message: string;
  script: string | null;
}

/** A message the bot will send, once the run commits. */
export interface Outgoing {
  text: string;
  /** Buttons, an image or a file, as the web app and the channels render them. */
  payload: Record<string, unknown> | null;
}

/** Where the scenario stands after the run: the next step and what it waits for; null = ended. */

/**
 * One run of a bot for one lead, held in memory: the lead as the run sees it (commands and user
 * code read and change this copy) and every effect to commit at the end, in one transaction. A run
 * that fails or is interrupted by an operator commits nothing, so a retry never doubles a message.
 */
export class Run {
  readonly messages: Outgoing[] = [];
  readonly logs: LogLine[] = [];
  readonly triggers: { code: string; delaySec: number; params: BotJobParams }[] = [];
  readonly attrChanges = new Map<string, string | null>();
  /** How lead.deleteAttrs asked an attribute's delete to fire triggers: not at all, or with a ticket and params for them. */
  readonly deleteOptions = new Map<string, { suppressTriggers: boolean; params?: BotJobParams }>();
  readonly tagsAdded = new Set<string>();
  readonly tagsRemoved = new Set<string>();
  /** The lead's contexts as the run sees them (lead.setContext), and what the run changed. */
  contexts = new Set<string>();
  readonly contextsAdded = new Set<string>();
  readonly contextsRemoved = new Set<string>();
  /** The person the lead belongs to (lead.getPersonId); `personChanged` when the run linked it to another. */
  personId: number | null = null;
  personChanged = false;
  statusChanged = false;
  transfer: { departmentCode: string | null } | null = null;
  /** Give the lead's dialog to an operator, or to the next one by the distribution rule (applied under lock at commit). */
  assign: { operatorId: number } | { next: { departmentCode: string | null; onlineOnly: boolean; forwardIfNone: boolean } } | null = null;
  /** Scripts and triggers to run for this or other leads of the bot, now or later. */
  readonly jobs: { leadId: number; kind: 'script' | 'trigger'; ref: string; runAt: number | null; everySec: number | null; params: BotJobParams }[] = [];
  returnToBot: { script: string | null } | null = null;
  scenario: ScenarioState | null = null;
  /** The script being run, for log lines. */
  current: string | null = null;
  /** Lead columns user code changed with lead.setData (name, language), committed with the run. */
  readonly fieldChanges: { name?: string; language?: string | null } = {};
  /** What started the run: the lead's message text, the job's script_request_params (bot.getWebhookPayload). */
  request: { text: string | null; params: Record<string, unknown> } = { text: null, params: {} };
  /** The bot's script codes and triggers (code → enabled), for the JS API to refuse unknown codes; null: not known. */
  known: { scripts: { has(code: string): boolean }; triggers: ReadonlyMap<string, boolean> } | null = null;

  constructor(
    readonly lead: {
      id: number;
      businessId: number;
      botId: number;
      name: string;
      status: string | null;
      attrs: Record<string, string>;
      tags: Set<string>;
      /** The lead's row as the run started, for lead.getData(). */
      data: Record<string, string | number | boolean | null>;
    },
  ) {}

  setAttr(name: string, value: string): void {
    this.lead.attrs[name] = value;
    this.attrChanges.set(name, value);
    this.deleteOptions.delete(name);
  }

  deleteAttr(name: string, options?: { suppressTriggers: boolean; params?: BotJobParams }): void {
    delete this.lead.attrs[name];
    this.attrChanges.set(name, null);
    if (options) this.deleteOptions.set(name, options);
    else this.deleteOptions.delete(name);
  }

  setName(name: string): void {
    if (this.lead.name === name) return;
    this.lead.name = name;
    this.lead.data.name = name;
    this.fieldChanges.name = name;
  }

  setLanguage(language: string | null): void {
    if (this.lead.data.language === language) return;
    this.lead.data.language = language;
    this.fieldChanges.language = language;
  }

  setStatus(status: string | null): void {
    if (this.lead.status === status) return;
    this.lead.status = status;
    this.statusChanged = true;
  }

  addTag(tag: string): void {
    if (this.lead.tags.has(tag)) return;
    this.lead.tags.add(tag);
    this.tagsRemoved.delete(tag);
    this.tagsAdded.add(tag);
  }

  removeTag(tag: string): void {
    if (!this.lead.tags.has(tag)) return;
    this.lead.tags.delete(tag);
    this.tagsAdded.delete(tag);
    this.tagsRemoved.add(tag);
  }

  addContext(context: string): void {
    if (this.contexts.has(context)) return;
    this.contexts.add(context);
    this.contextsRemoved.delete(context);
    this.contextsAdded.add(context);
  }

  removeContext(context: string): void {
    if (!this.contexts.has(context)) return;
    this.contexts.delete(context);
    this.contextsAdded.delete(context);
    this.contextsRemoved.add(context);
  }

  setPerson(personId: number): void {
    if (this.personId === personId) return;
    this.personId = personId;
    this.personChanged = true;
  }

  log(level: LogLine['level'], message: string): void {
    this.logs.push({ level, message: message.slice(0, 2000), script: this.current });
  }
}
