import { describe, expect, it } from 'vitest';
import { CSAT_DEFAULTS } from '../../contracts/business';
import { parseRating, questionMessage, readAnswer, surveyLanguage } from './csat.rules';

describe('satisfaction survey rules', () => {
  it('speaks Russian to ru* leads and English to everyone else', () => {
    expect(surveyLanguage('ru')).toBe('ru');
    expect(surveyLanguage('ru-RU')).toBe('ru');
    expect(surveyLanguage('en')).toBe('en');
    expect(surveyLanguage('de')).toBe('en');
    expect(surveyLanguage(null)).toBe('en');
  });

  it('sends buttons 1–5 where the channel has buttons, and asks for a number otherwise', () => {
    expect(questionMessage(CSAT_DEFAULTS, 'en', 'telegram')).toEqual({
      text: CSAT_DEFAULTS.question.en,
      payload: { buttons: [{ label: '1' }, { label: '2' }, { label: '3' }, { label: '4' }, { label: '5' }], inline: true },
    });
    expect(questionMessage(CSAT_DEFAULTS, 'ru', 'sms')).toEqual({ text: `${CSAT_DEFAULTS.question.ru}\nОтветьте числом от 1 до 5.`, payload: null });
  });

  it('reads 1–5 as a number, n/5 or stars, and nothing else', () => {
    expect(['1', ' 5 ', '4/5', '3 ⭐', '⭐⭐', '2.'].map(parseRating)).toEqual([1, 5, 4, 3, 2, 2]);
    expect(['0', '6', '45', 'five', 'I give 5', ''].map(parseRating)).toEqual([null, null, null, null, null, null]);
  });

  it('takes a rating while one is awaited, a comment after it, and lets anything else through, ending the wait', () => {
    const rating = { state: 'rating' as const, until: 1000 };
    expect(readAnswer(rating, { text: '4', hasFiles: false, now: 999 })).toEqual({ kind: 'rating', score: 4 });
    expect(readAnswer(rating, { text: 'hello again', hasFiles: false, now: 999 })).toEqual({ kind: 'none', endWait: true });
    expect(readAnswer(rating, { text: '4', hasFiles: false, now: 1001 })).toEqual({ kind: 'none', endWait: true });
    expect(readAnswer({ state: 'comment', until: 1000 }, { text: ' Quick, thanks ', hasFiles: false, now: 10 })).toEqual({
      kind: 'comment',
      comment: 'Quick, thanks',
    });
    expect(readAnswer({ state: 'comment', until: 1000 }, { text: '', hasFiles: true, now: 10 })).toEqual({ kind: 'none', endWait: true });
    expect(readAnswer({ state: null, until: null }, { text: '5', hasFiles: false, now: 10 })).toEqual({ kind: 'none', endWait: false });
  });
});
