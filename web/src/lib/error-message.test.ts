import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { ru } from '../i18n/ru';
import { ApiError } from './api';
import { errorMessage, fieldErrors } from './error-message';

const i18n = i18next.createInstance();
await i18n.init({ resources: { en: { translation: en }, ru: { translation: ru } }, lng: 'ru', interpolation: { escapeValue: false } });

describe("errors in the operator's language", () => {
  it("words a code with its parameters, else the code alone, else the server's message", () => {
    expect(errorMessage(i18n.t, new ApiError(413, 'payload_too_large', 'The file is larger than 10 MiB', [], { maxMb: 10 }))).toBe(
      'Файл больше 10 МБ — это предел для одного вложения.',
    );
    expect(errorMessage(i18n.t, new ApiError(413, 'payload_too_large', 'Body too large'))).toBe('Слишком большой объём.');
    expect(errorMessage(i18n.t, new ApiError(409, 'already_taken', 'The dialog was already taken'))).toBe('Этот диалог уже взял другой оператор.');
    expect(errorMessage(i18n.t, new Error('boom'))).toBe('На сервере что-то пошло не так. Попробуйте ещё раз.');
  });

  it('puts validation details beside their fields', () => {
    const err = new ApiError(400, 'validation_failed', 'x', [
      { path: 'body.setAttributes.sys_email', message: 'not an e-mail' },
      { path: 'body.name', message: 'too long' },
    ]);
    expect(fieldErrors(err)).toEqual({ sys_email: 'not an e-mail', name: 'too long' });
  });
});
