import { describe, expect, it } from 'vitest';
import { BotExport } from '../../contracts/scripts';
import { documentProblems } from './bot-document.rules';

const doc = (o: Partial<Record<'bot' | 'scripts' | 'triggers', unknown>> = {}) =>
  BotExport.parse({
    format: 'metadesk.bot',
    version: 1,
    bot: { name: 'Bot', startScript: 'start' },
    scripts: [
      {
        code: 'start',
        name: 'Start',
        entries: [{ type: 'command', value: '/menu' }],
        commands: [{ type: 'menu', text: 'Pick', buttons: [{ label: 'A', script: 'a' }] }],
      },
      { code: 'a', name: 'A', commands: [{ type: 'run_script', script: 'start' }] },
    ],
    ...o,
  });

describe('documentProblems', () => {
  it('accepts scripts that name each other in any order', () => {
    expect(documentProblems(doc())).toEqual([]);
  });

  it('names repeated codes, unknown references, clashing entries and a second fallback by path', () => {
    const bad = doc({
      bot: { name: 'Bot', startScript: 'start', transferScript: 'gone' },
      scripts: [
        { code: 'start', name: 'Start', entries: [{ type: 'keyword', value: 'hi' }], commands: [{ type: 'run_trigger', trigger: 'nope' }] },
        { code: 'start', name: 'Again', commands: [] },
        { code: 'f1', name: 'F1', type: 'fallback', commands: [] },
        { code: 'f2', name: 'F2', type: 'fallback', entries: [{ type: 'keyword', value: 'HI' }], commands: [{ type: 'return_to_bot', script: 'missing' }] },
      ],
      triggers: [
        { code: 't', name: 'T', script: 'ghost', on: 'manual' },
        { code: 't', name: 'T2', script: 'start', on: 'manual' },
      ],
    });
    expect(documentProblems(bad).map((p) => `${p.path}: ${p.message}`)).toEqual([
      'scripts[1].code: "start" is already the code of scripts[0]',
      'triggers[1].code: "t" is already the code of triggers[0]',
      'scripts[0].commands[0].trigger: no trigger "nope" in this bot',
      'scripts[3].commands[0].script: no script "missing" in this bot',
      'scripts[3].type: the bot already has a fallback script: "f1"',
      'scripts[3].entries[0]: keyword "HI" is already an entry of script "start"',
      'bot.transferScript: no script "gone" in this document',
      'triggers[0].script: no script "ghost" in this document',
    ]);
  });
});
