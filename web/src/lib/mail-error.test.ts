import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { ru } from '../i18n/ru';
import { ApiError } from './api';
import { looksLikeEmail, mailErrorMessage } from './mail-error';

const i18n = i18next.createInstance();
await i18n.init({ resources: { en: { translation: en }, ru: { translation: ru } }, lng: 'ru', interpolation: { escapeValue: false } });

describe('mail errors', () => {
  it("says the SMTP server's own reply, or that none is set up, in the operator's language", () => {
    const refused = new ApiError(502, 'upstream_failed', 'The SMTP server x:25 refused the login: 535 Bad <creds>', [], { reply: '535 Bad <creds>' });
    expect(mailErrorMessage(i18n.t, refused)).toBe('Почтовый сервер отказал: 535 Bad <creds>');
    expect(mailErrorMessage(i18n.t, new ApiError(409, 'conflict', 'No SMTP server is configured'))).toBe(
      'Почтовый сервер ещё не настроен: администратор задаёт его в Настройки → Почта.',
    );
    expect(mailErrorMessage(i18n.t, new ApiError(403, 'forbidden', 'no'))).toBe('Вам это недоступно.');
  });

  it('checks an address loosely before sending it', () => {
    expect(looksLikeEmail(' boss@shop.test ')).toBe(true);
    for (const bad of ['', 'boss', 'boss@shop', 'boss at shop.test', 'a@b@c.d']) expect(looksLikeEmail(bad), bad).toBe(false);
  });
});
