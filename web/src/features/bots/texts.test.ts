import { describe, expect, it } from 'vitest';
import { botsEn } from './texts.en';
import { botsRu } from './texts.ru';

type Tree = { [k: string]: string | Tree };
const keys = (t: Tree, prefix = ''): string[] => Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
const plural = /_(one|few|many|other)$/;

describe('the bots section in both languages', () => {
  it('has the same texts in Russian as in English (plural forms aside)', () => {
    const en = keys(botsEn).filter((k) => !plural.test(k));
    const ru = keys(botsRu).filter((k) => !plural.test(k));
    expect(ru.sort()).toEqual(en.sort());
  });

  it('keeps every {{placeholder}} of the English text in the Russian one', () => {
    const ru = new Map(keys(botsRu).map((k) => [k, k.split('.').reduce<string | Tree>((t, p) => (t as Tree)[p]!, botsRu as Tree) as string]));
    for (const k of keys(botsEn)) {
      const en = k.split('.').reduce<string | Tree>((t, p) => (t as Tree)[p]!, botsEn as Tree) as string;
      const theirs = ru.get(k) ?? ru.get(k.replace(/_one$/, '_few'));
      for (const ph of en.match(/\{\{\w+\}\}/g) ?? []) expect(theirs, k).toContain(ph);
    }
  });
});
