import { describe, expect, it } from 'vitest';
import { renderText } from './macros';
import { routeInput } from './route-input';
import type { ScriptIndex } from '../bots/index';
import { validateAnswer } from '../leads/validate-answer';

describe('macros', () => {
  it('fills attributes and the name, and blanks unknown ones', () => {
    expect(renderText('Hi {{name}}, your phone is {{ sys_phone }}.{{nope}}', { name: 'Ira', attrs: { sys_phone: '+79991234567' } })).toBe(
      'Hi Ira, your phone is +79991234567.',
    );
  });
});

describe('answer validation', () => {
  it('normalises phones and refuses what is not one', () => {
    expect(validateAnswer('phone', '8 (999) 123-45-67')).toBe('+79991234567');
    expect(validateAnswer('phone', '+44 20 7946 0958')).toBe('+442079460958');
    expect(validateAnswer('phone', '12345')).toBeNull();
    expect(validateAnswer('phone', 'call me')).toBeNull();
  });
  it('checks e-mails and numbers', () => {
    expect(validateAnswer('email', ' Ira@Example.COM ')).toBe('ira@example.com');
    expect(validateAnswer('email', 'ira@')).toBeNull();
    expect(validateAnswer('number', '3,5')).toBe('3.5');
    expect(validateAnswer('number', 'three')).toBeNull();
    expect(validateAnswer('any', '   ')).toBeNull();
  });
});

describe('routing a lead message', () => {
  const scripts: ScriptIndex[] = [
    { code: 'start', type: 'standard', entries: [{ type: 'command', value: '/start' }] },
    { code: 'human', type: 'standard', entries: [{ type: 'keyword', value: 'оператор' }] },
    { code: 'sorry', type: 'fallback', entries: [] },
  ];
  const base = { scripts, startScript: 'start', firstContact: false, awaiting: null };
  it('lets a command win over a pending question', () => {
    expect(routeInput({ ...base, text: '/start', awaiting: { kind: 'answer', attribute: 'x', validate: 'any', retryText: null, question: '?' } })).toEqual({
      kind: 'script',
      script: 'start',
      reason: 'command',
    });
  });
  it('treats text as the answer while a question waits', () => {
    expect(routeInput({ ...base, text: 'оператор', awaiting: { kind: 'answer', attribute: 'x', validate: 'any', retryText: null, question: '?' } })).toEqual({
      kind: 'answer',
    });
  });
  it('matches menu buttons by label or number', () => {
    const awaiting = {
      kind: 'choice' as const,
      buttons: [
        { label: 'Тарелки', script: 'plates' },
        { label: 'Кружки', script: 'mugs' },
      ],
    };
    expect(routeInput({ ...base, text: 'кружки', awaiting })).toEqual({ kind: 'button', button: { label: 'Кружки', script: 'mugs' } });
    expect(routeInput({ ...base, text: '1', awaiting })).toEqual({ kind: 'button', button: { label: 'Тарелки', script: 'plates' } });
  });
  it('finds keywords inside the text, case-insensitively', () => {
    expect(routeInput({ ...base, text: 'Позовите ОПЕРАТОРА пожалуйста' })).toEqual({ kind: 'script', script: 'human', reason: 'keyword' });
  });
  it('starts new leads at the start script and sends the rest to the fallback', () => {
    expect(routeInput({ ...base, text: 'hello', firstContact: true })).toEqual({ kind: 'script', script: 'start', reason: 'start' });
    expect(routeInput({ ...base, text: 'hello' })).toEqual({ kind: 'script', script: 'sorry', reason: 'fallback' });
    expect(routeInput({ ...base, scripts: scripts.slice(0, 2), text: 'hello' })).toEqual({ kind: 'none' });
  });
});
