import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { ru } from '../../i18n/ru';
import { NOBODY, type Present } from '../../lib/presence';
import { presenceText } from './presence-text';

const i18n = i18next.createInstance();
await i18n.init({ resources: { en: { translation: en }, ru: { translation: ru } }, lng: 'en', interpolation: { escapeValue: false } });
const t = (lng: 'en' | 'ru') => i18n.getFixedT(lng);
const people = (...names: string[]): Present[] => names.map((name, i) => ({ userId: i + 1, name }));

describe('the collision notice in words', () => {
  it('names one, two, or two and how many more, in English', () => {
    expect(presenceText(t('en'), NOBODY)).toBe('');
    expect(presenceText(t('en'), { ...NOBODY, viewing: people('Irina') })).toBe('Irina is viewing');
    expect(presenceText(t('en'), { ...NOBODY, viewing: people('Irina', 'Oleg') })).toBe('Irina and Oleg are viewing');
    expect(presenceText(t('en'), { ...NOBODY, viewing: people('Irina', 'Oleg', 'Pavel') })).toBe('Irina, Oleg and 1 more are viewing');
    expect(presenceText(t('en'), { ...NOBODY, typing: people('Irina') })).toBe('Irina is typing…');
    expect(presenceText(t('en'), { ...NOBODY, noting: people('Irina', 'Oleg') })).toBe('Irina and Oleg are writing notes…');
  });

  it('says who types a reply first, then who writes a note, then who only looks', () => {
    const p = { typing: people('Oleg'), noting: people('Irina'), viewing: people('Pavel') };
    expect(presenceText(t('en'), p)).toBe('Oleg is typing…');
    expect(presenceText(t('en'), { ...p, typing: [] })).toBe('Irina is writing a note…');
  });

  it('uses Russian plural forms for how many more', () => {
    const more = (n: number) => presenceText(t('ru'), { ...NOBODY, viewing: people('Ирина', 'Олег', ...Array.from({ length: n }, (_, i) => `Гость ${i}`)) });
    expect(more(1)).toBe('Ирина, Олег и ещё 1 человек смотрят диалог');
    expect(more(2)).toBe('Ирина, Олег и ещё 2 человека смотрят диалог');
    expect(more(5)).toBe('Ирина, Олег и ещё 5 человек смотрят диалог');
    expect(more(21)).toBe('Ирина, Олег и ещё 21 человек смотрят диалог');
    expect(presenceText(t('ru'), { ...NOBODY, viewing: people('Ирина') })).toBe('Ирина смотрит диалог');
    expect(presenceText(t('ru'), { ...NOBODY, typing: people('Ирина', 'Олег') })).toBe('Ирина и Олег печатают…');
    expect(presenceText(t('ru'), { ...NOBODY, noting: people('Ирина') })).toBe('Ирина пишет заметку…');
  });
});
