import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api';
import { checkQuickReply, parseReminder, serverProblems } from './form';

describe('the reminder interval typed', () => {
  it('takes whole seconds from 10 to 3600 and refuses the rest', () => {
    expect(parseReminder(' 30 ')).toBe(30);
    expect(parseReminder('10')).toBe(10);
    expect(parseReminder('3600')).toBe(3600);
    for (const bad of ['', '5', '9', '3601', '1.5', 'abc', '-20']) expect(parseReminder(bad)).toBe('bad');
  });
});

describe('a quick reply typed', () => {
  it('is sent without the leading "/" and trimmed', () => {
    expect(checkQuickReply({ shortcut: ' /hello ', text: '  Hi!  ' })).toEqual({ value: { shortcut: 'hello', text: 'Hi!' } });
    expect(checkQuickReply({ shortcut: 'привет_1', text: 'Здравствуйте' })).toEqual({ value: { shortcut: 'привет_1', text: 'Здравствуйте' } });
  });
  it('names each wrong field, and nothing is sent', () => {
    expect(checkQuickReply({ shortcut: 'Hello', text: ' ' })).toEqual({ problems: { shortcut: 'format', text: 'empty' } });
    expect(checkQuickReply({ shortcut: 'two words', text: 'x' })).toEqual({ problems: { shortcut: 'format' } });
    expect(checkQuickReply({ shortcut: '', text: 'x' })).toEqual({ problems: { shortcut: 'format' } });
    expect(checkQuickReply({ shortcut: 'a'.repeat(33), text: 'x' })).toEqual({ problems: { shortcut: 'format' } });
    expect(checkQuickReply({ shortcut: 'ok', text: 'x'.repeat(4097) })).toEqual({ problems: { text: 'long' } });
  });
});

describe("the server's refusal", () => {
  it('puts a taken shortcut and invalid fields beside their fields', () => {
    expect(serverProblems(new ApiError(409, 'conflict', 'taken'))).toEqual({ shortcut: 'taken' });
    const invalid = new ApiError(400, 'validation_failed', 'bad', [
      { path: 'body.shortcut', message: 'use 1-32 lowercase letters' },
      { path: 'body.text', message: 'too long' },
    ]);
    expect(serverProblems(invalid)).toEqual({ shortcut: 'format', text: 'long' });
    expect(serverProblems(new ApiError(500, 'internal', 'boom'))).toEqual({});
  });
});
