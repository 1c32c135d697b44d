import { describe, expect, it } from 'vitest';
import type { ScriptBody } from '@contracts/scripts';
import {
  bodyOf,
  changeType,
  draftOf,
  emptyDraft,
  fieldPath,
  fieldPaths,
  isChanged,
  localProblems,
  move,
  newCommand,
  problemsByField,
  syntaxPosition,
} from './script-form';

const stored: ScriptBody = {
  code: 'start',
  name: 'Start',
  type: 'standard',
  entries: [{ type: 'command', value: '/start' }],
  commands: [
    { type: 'send_text', text: 'Hello, {{name}}!' },
    { type: 'menu', text: 'Choose', buttons: [{ label: 'Shop', script: 'shop' }, { label: 'Other' }], inline: false },
    { type: 'run_js', code: "lead.setAttr('seen', 1);\nreturn;", condition: "lead.getAttr('city') === 'Москва'" },
    { type: 'run_trigger', trigger: 'later', delaySec: 60 },
    { type: 'ask', text: 'Phone?', attribute: 'phone', validate: 'phone' },
    { type: 'stop' },
  ],
};

describe('the script form', () => {
  it('turns a stored script into a draft and back without a change', () => {
    expect(bodyOf(draftOf(stored))).toEqual(stored);
    expect(isChanged(draftOf(stored), stored)).toBe(false);
  });

  it('leaves empty optional fields out and sends numbers as numbers', () => {
    const d = draftOf(stored);
    d.commands[3]!.values.delaySec = '';
    d.commands[4]!.values.retryText = '   ';
    const body = bodyOf(d);
    expect(body.commands[3]).toEqual({ type: 'run_trigger', trigger: 'later' });
    expect(body.commands[4]).toEqual({ type: 'ask', text: 'Phone?', attribute: 'phone', validate: 'phone' });
    d.commands[3]!.values.delaySec = '90';
    expect(bodyOf(d).commands[3]).toEqual({ type: 'run_trigger', trigger: 'later', delaySec: 90 });
  });

  it('drops the condition when it is switched off, and keeps JS exactly as typed', () => {
    const d = draftOf(stored);
    expect(bodyOf(d).commands[2]).toMatchObject({ code: "lead.setAttr('seen', 1);\nreturn;" });
    d.commands[2]!.useCondition = false;
    expect(bodyOf(d).commands[2]).toEqual({ type: 'run_js', code: "lead.setAttr('seen', 1);\nreturn;" });
    expect(isChanged(d, stored)).toBe(true);
  });

  it('keeps what two command types share when the type changes', () => {
    const text = draftOf(stored).commands[0]!;
    const menu = changeType(text, 'menu');
    expect(menu.key).toBe(text.key);
    expect(menu.values.text).toBe('Hello, {{name}}!');
    expect(menu.buttons).toHaveLength(1);
    expect(changeType(menu, 'stop').values).toEqual({});
  });

  it('names what the form can tell is missing before asking the server', () => {
    const d = emptyDraft();
    d.code = 'Bad Code';
    d.commands.push(newCommand('menu'));
    d.commands[0]!.useCondition = true;
    expect(localProblems(d, true)).toEqual({
      code: 'badCode',
      name: 'required',
      'commands.0.text': 'required',
      'commands.0.condition': 'required',
      'commands.1.text': 'required',
      'commands.1.buttons.0.label': 'required',
    });
    // An existing script's code is not edited; an empty run_js is the server's to judge.
    const js = draftOf({ ...stored, commands: [{ type: 'run_js', code: '' }] });
    expect(localProblems(js, false)).toEqual({});
  });

  it('reads the server problem paths of both kinds as the form names its fields', () => {
    expect(fieldPath('body.commands[2].code')).toBe('commands.2.code');
    expect(fieldPath('body.commands.2.code')).toBe('commands.2.code');
    expect(fieldPath('commands[1].buttons[0].script')).toBe('commands.1.buttons.0.script');
    expect(fieldPath('body.scripts[0].commands[3].condition')).toBe('scripts.0.commands.3.condition');
    expect(
      problemsByField([
        { path: 'body.commands[2].code', message: 'line 1: SyntaxError: unexpected token' },
        { path: 'body.commands.2.code', message: 'second' },
      ]),
    ).toEqual({ 'commands.2.code': 'line 1: SyntaxError: unexpected token' });
    const paths = fieldPaths(draftOf(stored));
    expect(paths.has('commands.2.condition')).toBe(true);
    expect(paths.has('commands.1.buttons.1.script')).toBe(true);
    expect(paths.has('entries.0')).toBe(true);
    expect(paths.has('commands.0.condition')).toBe(false);
  });

  it('finds the line and column of a syntax error', () => {
    expect(syntaxPosition("line 2, column 7: SyntaxError: expecting ';'")).toEqual({ line: 2, column: 7, message: "SyntaxError: expecting ';'" });
    expect(syntaxPosition('line 3: SyntaxError: unexpected end')).toEqual({ line: 3, column: null, message: 'SyntaxError: unexpected end' });
    expect(syntaxPosition('no script "x" in this bot')).toBeNull();
  });

  it('moves a command up and down', () => {
    expect(move(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
  });
});
