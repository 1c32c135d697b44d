import type { Command, Entry, ScriptBody, ScriptType } from '../../contracts/scripts';
import type { Problem } from './problems';

// What makes a script fit its bot. Pure: the use cases load the bot's scripts and triggers, ask
// these, and decide between a 400 (the script itself is wrong) and a 409 (it collides with another).

/** A script or trigger named by a command, and where. */
export interface Reference {
  path: string;
  kind: 'script' | 'trigger';
  code: string;
}

/** Every script and trigger a script's commands name: run_script, menu buttons, return_to_bot, run_trigger. */
export function referencesOf(commands: readonly Command[]): Reference[] {
  const refs: Reference[] = [];
  commands.forEach((c, i) => {
    const at = `commands[${i}]`;
    if (c.type === 'run_script') refs.push({ path: `${at}.script`, kind: 'script', code: c.script });
    if (c.type === 'return_to_bot' && c.script !== undefined) refs.push({ path: `${at}.script`, kind: 'script', code: c.script });
    if (c.type === 'run_trigger') refs.push({ path: `${at}.trigger`, kind: 'trigger', code: c.trigger });
    if (c.type === 'menu') {
      c.buttons.forEach((b, j) => {
        if (b.script !== undefined) refs.push({ path: `${at}.buttons[${j}].script`, kind: 'script', code: b.script });
      });
    }
  });
  return refs;
}

/** The codes that exist in a bot (or in an import document). */
export interface Catalog {
  scripts: ReadonlySet<string>;
  triggers: ReadonlySet<string>;
}

/**
 * References to scripts or triggers the bot does not have. A script may name itself (a menu that
 * loops back); any other script must exist first, so a bot never points at nothing.
 */
export function unknownReferences(body: Pick<ScriptBody, 'code' | 'commands'>, known: Catalog): Problem[] {
  return referencesOf(body.commands)
    .filter((r) => (r.kind === 'script' ? r.code !== body.code && !known.scripts.has(r.code) : !known.triggers.has(r.code)))
    .map((r) => ({ path: r.path, message: `no ${r.kind} "${r.code}" in this bot` }));
}

/** Two entries are the same when the bot could not tell them apart: same kind, same text ignoring case. */
export function entryKey(e: Entry): string {
  return `${e.type}:${e.value.trim().toLocaleLowerCase()}`;
}

/** Entries a script lists twice. */
export function repeatedEntries(entries: readonly Entry[]): Problem[] {
  const seen = new Map<string, number>();
  const problems: Problem[] = [];
  entries.forEach((e, i) => {
    const first = seen.get(entryKey(e));
    if (first === undefined) seen.set(entryKey(e), i);
    else problems.push({ path: `entries[${i}]`, message: `repeats entries[${first}] ("${e.value}")` });
  });
  return problems;
}

/** Entries another script of the bot already answers to: a lead's message must lead to one script. */
export function takenEntries(body: Pick<ScriptBody, 'code' | 'entries'>, others: readonly Pick<ScriptBody, 'code' | 'entries'>[]): Problem[] {
  const owner = new Map<string, string>();
  for (const o of others) if (o.code !== body.code) for (const e of o.entries) owner.set(entryKey(e), o.code);
  const problems: Problem[] = [];
  body.entries.forEach((e, i) => {
    const other = owner.get(entryKey(e));
    if (other !== undefined) problems.push({ path: `entries[${i}]`, message: `${e.type} "${e.value}" is already an entry of script "${other}"` });
  });
  return problems;
}

/** Types a bot has at most one script of: what answers the unrecognised, what runs on transfer. */
const SINGLE: Partial<Record<ScriptType, string>> = { fallback: 'fallback', system: 'system (transfer-to-operator)' };

/** Another script already holding a type the bot may have only one of. */
export function singletonTaken(body: Pick<ScriptBody, 'code' | 'type'>, others: readonly Pick<ScriptBody, 'code' | 'type'>[]): Problem | undefined {
  const what = SINGLE[body.type];
  const other = what && others.find((o) => o.code !== body.code && o.type === body.type);
  return other ? { path: 'type', message: `the bot already has a ${what} script: "${other.code}"` } : undefined;
}

export interface BotScriptSettings {
  startScript: string | null;
  returnScript: string | null;
  transferScript: string | null;
}

/** Who still needs a script: the bot's settings, other scripts' commands, triggers. Empty: it may go. */
export function usesOfScript(
  code: string,
  bot: BotScriptSettings,
  scripts: readonly Pick<ScriptBody, 'code' | 'commands'>[],
  triggers: readonly { code: string; script: string }[],
): string[] {
  const uses: string[] = [];
  if (bot.startScript === code) uses.push("the bot's start script");
  if (bot.returnScript === code) uses.push("the bot's return script");
  if (bot.transferScript === code) uses.push("the bot's transfer script");
  for (const s of scripts) {
    if (s.code === code) continue;
    for (const r of referencesOf(s.commands)) if (r.kind === 'script' && r.code === code) uses.push(`script "${s.code}" (${r.path})`);
  }
  for (const t of triggers) if (t.script === code) uses.push(`trigger "${t.code}"`);
  return uses;
}

/** Scripts whose run_trigger commands name a trigger. */
export function usesOfTrigger(code: string, scripts: readonly Pick<ScriptBody, 'code' | 'commands'>[]): string[] {
  const uses: string[] = [];
  for (const s of scripts) {
    for (const r of referencesOf(s.commands)) if (r.kind === 'trigger' && r.code === code) uses.push(`script "${s.code}" (${r.path})`);
  }
  return uses;
}
