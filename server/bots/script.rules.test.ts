import { describe, expect, it } from 'vitest';
import type { Command, ScriptBody } from '../../contracts/scripts';
import { entryKey, referencesOf, repeatedEntries, singletonTaken, takenEntries, unknownReferences, usesOfScript, usesOfTrigger } from './script.rules';

const script = (code: string, o: Partial<ScriptBody> = {}): ScriptBody => ({ code, name: code, type: 'standard', entries: [], commands: [], ...o });
const menu = (...scripts: (string | undefined)[]): Command => ({
  type: 'menu',
  text: 'Pick',
  inline: true,
  buttons: scripts.map((s, i) => ({ label: `b${i}`, ...(s ? { script: s } : {}) })),
});

describe('referencesOf', () => {
  it('finds run_script, menu buttons, return_to_bot and run_trigger, with their paths', () => {
    const refs = referencesOf([
      { type: 'send_text', text: 'hi' },
      { type: 'run_script', script: 'a' },
      menu('b', undefined, 'c'),
      { type: 'return_to_bot' },
      { type: 'return_to_bot', script: 'd' },
      { type: 'run_trigger', trigger: 't' },
    ]);
    expect(refs).toEqual([
      { path: 'commands[1].script', kind: 'script', code: 'a' },
      { path: 'commands[2].buttons[0].script', kind: 'script', code: 'b' },
      { path: 'commands[2].buttons[2].script', kind: 'script', code: 'c' },
      { path: 'commands[4].script', kind: 'script', code: 'd' },
      { path: 'commands[5].trigger', kind: 'trigger', code: 't' },
    ]);
  });
});

describe('unknownReferences', () => {
  const known = { scripts: new Set(['start']), triggers: new Set(['t1']) };

  it('names each script or trigger the bot lacks, and lets a script name itself', () => {
    const body = script('menu', {
      commands: [menu('menu', 'start', 'nowhere'), { type: 'run_trigger', trigger: 't2' }, { type: 'run_trigger', trigger: 't1' }],
    });
    expect(unknownReferences(body, known)).toEqual([
      { path: 'commands[0].buttons[2].script', message: 'no script "nowhere" in this bot' },
      { path: 'commands[1].trigger', message: 'no trigger "t2" in this bot' },
    ]);
  });
});

describe('entries', () => {
  it('are the same regardless of case and surrounding spaces, per kind', () => {
    expect(entryKey({ type: 'keyword', value: ' Оператор ' })).toBe(entryKey({ type: 'keyword', value: 'оператор' }));
    expect(entryKey({ type: 'command', value: '/Start' })).toBe(entryKey({ type: 'command', value: '/start' }));
    expect(entryKey({ type: 'command', value: '/help' })).not.toBe(entryKey({ type: 'keyword', value: '/help' }));
  });

  it('may not repeat within a script', () => {
    expect(
      repeatedEntries([
        { type: 'keyword', value: 'hi' },
        { type: 'command', value: '/hi' },
        { type: 'keyword', value: 'HI' },
      ]),
    ).toEqual([{ path: 'entries[2]', message: 'repeats entries[0] ("HI")' }]);
  });

  it('may not be taken from another script, but a script keeps its own on a re-save', () => {
    const others = [script('start', { entries: [{ type: 'command', value: '/start' }] }), script('help', { entries: [{ type: 'keyword', value: 'help' }] })];
    expect(takenEntries(script('help', { entries: [{ type: 'keyword', value: 'help' }] }), others)).toEqual([]);
    expect(
      takenEntries(
        script('new', {
          entries: [
            { type: 'keyword', value: 'x' },
            { type: 'keyword', value: 'Help' },
          ],
        }),
        others,
      ),
    ).toEqual([{ path: 'entries[1]', message: 'keyword "Help" is already an entry of script "help"' }]);
  });
});

describe('singletonTaken', () => {
  const others = [script('sorry', { type: 'fallback' }), script('transfer_to_operator', { type: 'system' }), script('a'), script('b')];

  it('allows one fallback and one system script per bot', () => {
    expect(singletonTaken(script('oops', { type: 'fallback' }), others)).toEqual({ path: 'type', message: 'the bot already has a fallback script: "sorry"' });
    expect(singletonTaken(script('t2', { type: 'system' }), others)?.message).toContain('"transfer_to_operator"');
    expect(singletonTaken(script('sorry', { type: 'fallback' }), others)).toBeUndefined();
    expect(singletonTaken(script('c'), others)).toBeUndefined();
  });
});

describe('usesOfScript', () => {
  it("names bot settings, other scripts' commands and triggers, but not the script itself", () => {
    const scripts = [script('start', { commands: [menu('shop', 'start')] }), script('shop', { commands: [{ type: 'run_script', script: 'shop' }] })];
    const uses = usesOfScript('shop', { startScript: 'start', returnScript: 'shop', transferScript: null }, scripts, [{ code: 'paid', script: 'shop' }]);
    expect(uses).toEqual(["the bot's return script", 'script "start" (commands[0].buttons[0].script)', 'trigger "paid"']);
    expect(usesOfScript('nothing', { startScript: null, returnScript: null, transferScript: null }, scripts, [])).toEqual([]);
  });

  it('usesOfTrigger names scripts that run the trigger', () => {
    const scripts = [
      script('a', {
        commands: [
          { type: 'send_text', text: 'x' },
          { type: 'run_trigger', trigger: 'remind', delaySec: 60 },
        ],
      }),
    ];
    expect(usesOfTrigger('remind', scripts)).toEqual(['script "a" (commands[1].trigger)']);
    expect(usesOfTrigger('other', scripts)).toEqual([]);
  });
});
