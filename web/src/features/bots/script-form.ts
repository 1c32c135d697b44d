// The script editor's form as plain data: a draft the author edits field by field (every value a
// string or a flag, as inputs hold them), turned into the server's ScriptBody on save, and the
// server's problems put back beside the fields they name. Pure: tested on its own.
import type { Command, Entry, ScriptBody, ScriptType } from '@contracts/scripts';

export type CommandType = Command['type'];

/** In the order the "Add a command" menu lists them (Metabot's order, roughly). */
export const COMMAND_TYPES: readonly CommandType[] = [
  'send_text',
  'menu',
  'ask',
  'send_image',
  'send_file',
  'run_script',
  'run_js',
  'run_trigger',
  'set_attribute',
  'set_status',
  'add_tag',
  'remove_tag',
  'add_context',
  'remove_context',
  'transfer_to_operator',
  'return_to_bot',
  'stop',
];

export const SCRIPT_TYPES: readonly ScriptType[] = ['standard', 'fallback', 'system'];
export const VALIDATIONS = ['any', 'phone', 'email', 'number'] as const;

/** How a field is edited: text, a longer text, JavaScript, a script or trigger of the bot, a choice, a number. */
export type FieldKind = 'text' | 'textarea' | 'code' | 'script' | 'trigger' | 'validate' | 'number';
export interface FieldSpec {
  name: string;
  kind: FieldKind;
  /** Left empty, the field is not sent. */
  optional?: boolean;
}

const f = (name: string, kind: FieldKind, optional = false): FieldSpec => ({ name, kind, optional });

/** The fields of each command type besides its condition (menu buttons and `inline` are edited apart). */
export const COMMAND_FIELDS: Record<CommandType, readonly FieldSpec[]> = {
  send_text: [f('text', 'textarea')],
  send_image: [f('url', 'text'), f('caption', 'text', true)],
  send_file: [f('url', 'text'), f('name', 'text', true)],
  menu: [f('text', 'textarea')],
  ask: [f('text', 'textarea'), f('attribute', 'text'), f('validate', 'validate'), f('retryText', 'text', true)],
  set_attribute: [f('name', 'text'), f('value', 'text')],
  set_status: [f('status', 'text')],
  add_tag: [f('tag', 'text')],
  remove_tag: [f('tag', 'text')],
  add_context: [f('context', 'text')],
  remove_context: [f('context', 'text')],
  run_script: [f('script', 'script')],
  run_js: [f('code', 'code')],
  run_trigger: [f('trigger', 'trigger'), f('delaySec', 'number', true)],
  stop: [],
  transfer_to_operator: [f('departmentCode', 'text', true)],
  return_to_bot: [f('script', 'script', true)],
};

export interface ButtonDraft {
  key: number;
  label: string;
  script: string;
}

/** A command as the form holds it; `key` keeps React's rows stable while commands move. */
export interface CommandDraft {
  key: number;
  type: CommandType;
  /** Whether the condition is used («Использовать условие»). */
  useCondition: boolean;
  condition: string;
  values: Record<string, string>;
  buttons: ButtonDraft[];
  inline: boolean;
}

export interface EntryDraft {
  key: number;
  type: Entry['type'];
  value: string;
}

export interface ScriptDraft {
  code: string;
  name: string;
  type: ScriptType;
  entries: EntryDraft[];
  commands: CommandDraft[];
}

let nextKey = 1;
const key = () => nextKey++;

export function newCommand(type: CommandType): CommandDraft {
  const values: Record<string, string> = {};
  for (const spec of COMMAND_FIELDS[type]) values[spec.name] = spec.kind === 'validate' ? 'any' : '';
  return { key: key(), type, useCondition: false, condition: '', values, buttons: type === 'menu' ? [newButton()] : [], inline: true };
}

export const newButton = (): ButtonDraft => ({ key: key(), label: '', script: '' });
export const newEntry = (type: Entry['type'] = 'command'): EntryDraft => ({ key: key(), type, value: type === 'command' ? '/' : '' });

/** Another type for a command: what the two types share (text, script …) stays. */
export function changeType(c: CommandDraft, type: CommandType): CommandDraft {
  const next = newCommand(type);
  for (const name of Object.keys(next.values)) if (c.values[name] !== undefined && c.values[name] !== '') next.values[name] = c.values[name];
  if (type === 'menu' && c.buttons.length) next.buttons = c.buttons;
  return { ...next, key: c.key, useCondition: c.useCondition, condition: c.condition };
}

/** A stored script (or a version of one) as a draft. */
export function draftOf(s: ScriptBody): ScriptDraft {
  return {
    code: s.code,
    name: s.name,
    type: s.type,
    entries: s.entries.map((e) => ({ key: key(), type: e.type, value: e.value })),
    commands: s.commands.map(commandDraft),
  };
}

function commandDraft(c: Command): CommandDraft {
  const d = newCommand(c.type);
  const raw = c as Record<string, unknown>;
  for (const name of Object.keys(d.values)) if (raw[name] !== undefined) d.values[name] = String(raw[name]);
  if (c.condition !== undefined) {
    d.useCondition = true;
    d.condition = c.condition;
  }
  if (c.type === 'menu') {
    d.buttons = c.buttons.map((b) => ({ key: key(), label: b.label, script: b.script ?? '' }));
    d.inline = c.inline;
  }
  return d;
}

export const emptyDraft = (): ScriptDraft => ({ code: '', name: '', type: 'standard', entries: [], commands: [newCommand('send_text')] });

/**
 * The body PUT …/scripts/:code takes. Optional fields left empty are not sent; everything else is
 * sent as written, for the server to judge (it names each problem by its path).
 */
export function bodyOf(d: ScriptDraft): ScriptBody {
  return {
    code: d.code.trim(),
    name: d.name.trim(),
    type: d.type,
    entries: d.entries.map((e) => ({ type: e.type, value: e.value.trim() })),
    commands: d.commands.map(commandOf),
  };
}

function commandOf(d: CommandDraft): Command {
  const out: Record<string, unknown> = { type: d.type };
  if (d.useCondition) out.condition = d.condition;
  for (const spec of COMMAND_FIELDS[d.type]) {
    const v = d.values[spec.name] ?? '';
    if (spec.optional && v.trim() === '') continue;
    out[spec.name] = spec.kind === 'number' ? Number(v) : spec.kind === 'code' || spec.kind === 'textarea' ? v : v.trim();
  }
  if (d.type === 'menu') {
    out.buttons = d.buttons.map((b) => ({ label: b.label.trim(), ...(b.script ? { script: b.script } : {}) }));
    out.inline = d.inline;
  }
  return out as Command;
}

/** Whether the author changed anything since the draft was made from `saved`. */
export function isChanged(d: ScriptDraft, saved: ScriptBody | null): boolean {
  return saved === null || JSON.stringify(bodyOf(d)) !== JSON.stringify(bodyOf(draftOf(saved)));
}

/**
 * A problem's path as the form names its fields: `commands.2.code`. The request validator writes
 * `body.commands.2.code`, the script rules `body.commands[2].code`.
 */
export function fieldPath(path: string): string {
  return path
    .replace(/^body\./, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^\./, '');
}

/** The server's problems by field path; a later problem of the same field does not hide the first. */
export function problemsByField(details: readonly { path: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of details) {
    const p = fieldPath(d.path);
    out[p] ??= d.message;
  }
  return out;
}

/** `line 3, column 5: SyntaxError: …` (the server's syntax check) as a position and the rest. */
export function syntaxPosition(message: string): { line: number; column: number | null; message: string } | null {
  const m = /^line (\d+)(?:, column (\d+))?: ([\s\S]*)$/.exec(message);
  if (!m) return null;
  return { line: Number(m[1]), column: m[2] === undefined ? null : Number(m[2]), message: m[3] ?? '' };
}

/** What the form can tell before asking the server: required fields left empty, a code that cannot be. */
export function localProblems(d: ScriptDraft, isNew: boolean): Record<string, 'required' | 'badCode'> {
  const out: Record<string, 'required' | 'badCode'> = {};
  if (isNew && !/^[a-z0-9_]{1,64}$/.test(d.code.trim())) out.code = 'badCode';
  if (!d.name.trim()) out.name = 'required';
  d.entries.forEach((e, i) => {
    if (!e.value.trim() || (e.type === 'command' && e.value.trim() === '/')) out[`entries.${i}.value`] = 'required';
  });
  d.commands.forEach((c, i) => {
    for (const spec of COMMAND_FIELDS[c.type]) {
      if (!spec.optional && spec.kind !== 'code' && !(c.values[spec.name] ?? '').trim()) out[`commands.${i}.${spec.name}`] = 'required';
    }
    if (c.useCondition && !c.condition.trim()) out[`commands.${i}.condition`] = 'required';
    c.buttons.forEach((b, j) => {
      if (c.type === 'menu' && !b.label.trim()) out[`commands.${i}.buttons.${j}.label`] = 'required';
    });
  });
  return out;
}

/** Moves item `from` to `to` (both in range), returning a new list. */
export function move<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  const [item] = out.splice(from, 1);
  if (item !== undefined) out.splice(to, 0, item);
  return out;
}

/** Every path the form shows a problem beside; the server's other problems are listed above the form. */
export function fieldPaths(d: ScriptDraft): Set<string> {
  const out = new Set(['code', 'name', 'type']);
  d.entries.forEach((_e, i) => {
    out.add(`entries.${i}`);
    out.add(`entries.${i}.value`);
  });
  d.commands.forEach((c, i) => {
    for (const spec of COMMAND_FIELDS[c.type]) out.add(`commands.${i}.${spec.name}`);
    if (c.useCondition) out.add(`commands.${i}.condition`);
    if (c.type === 'menu') {
      out.add(`commands.${i}.buttons`);
      c.buttons.forEach((_b, j) => {
        out.add(`commands.${i}.buttons.${j}.label`);
        out.add(`commands.${i}.buttons.${j}.script`);
      });
    }
  });
  return out;
}
