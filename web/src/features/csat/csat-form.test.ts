import { describe, expect, it } from 'vitest';
import { CSAT_DEFAULTS, CSAT_TEXT_MAX } from '@contracts/business';
import { problemsOf, serverProblems } from './csat-form';

describe('the satisfaction survey form', () => {
  it('accepts the defaults, and names each empty or too long text', () => {
    expect(problemsOf(CSAT_DEFAULTS)).toEqual({});
    const bad = { ...CSAT_DEFAULTS, question: { en: '  ', ru: 'Оцените' }, thanks: { en: 'Thanks', ru: 'я'.repeat(CSAT_TEXT_MAX + 1) } };
    expect(problemsOf(bad)).toEqual({ 'question.en': 'required', 'thanks.ru': 'tooLong' });
  });

  it("reads the server's details by field", () => {
    expect(
      serverProblems([
        { path: 'body.settings.csat.thanks.ru', message: 'Write the text' },
        { path: 'body.name', message: 'x' },
      ]),
    ).toEqual({
      'thanks.ru': 'Write the text',
    });
  });
});
