import { describe, expect, it } from 'vitest';
import { fill, pickLang, TEXTS } from './i18n';

describe('pickLang', () => {
  it('takes data-lang when it is ru or en', () => {
    expect(pickLang('ru', 'en-US')).toBe('ru');
    expect(pickLang('EN', 'ru-RU')).toBe('en');
  });

  it('else follows the browser: ru* is Russian, anything else English', () => {
    expect(pickLang(null, 'ru-RU')).toBe('ru');
    expect(pickLang(undefined, 'ru')).toBe('ru');
    expect(pickLang('de', 'RU')).toBe('ru');
    expect(pickLang('', 'uk-UA')).toBe('en');
    expect(pickLang(null, 'en-GB')).toBe('en');
    expect(pickLang(null, undefined)).toBe('en');
  });
});

describe('texts', () => {
  it('has every text in both languages', () => {
    expect(Object.keys(TEXTS.ru).sort()).toEqual(Object.keys(TEXTS.en).sort());
    for (const texts of Object.values(TEXTS)) for (const value of Object.values(texts)) expect(value.trim()).not.toBe('');
  });

  it('names the controls as the browser tests find them', () => {
    const names = (l: 'ru' | 'en') => {
      const t = TEXTS[l];
      return [t.openChat, t.closeChat, t.title, t.message, t.attach, t.send, t.notSent];
    };
    expect(names('en')).toEqual(['Open chat', 'Close chat', 'Chat with us', 'Message', 'Attach a file', 'Send', 'Not sent — tap to retry']);
    expect(names('ru')).toEqual([
      'Открыть чат',
      'Закрыть чат',
      'Напишите нам',
      'Сообщение',
      'Прикрепить файл',
      'Отправить',
      'Не отправлено — нажмите, чтобы повторить',
    ]);
  });

  it('fills placeholders and leaves unknown ones', () => {
    expect(fill(TEXTS.en.typing, { name: 'Anna' })).toBe('Anna is typing…');
    expect(fill(TEXTS.ru.typing, { name: 'Анна' })).toBe('Анна печатает…');
    expect(fill('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});
