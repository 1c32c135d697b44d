import { describe, expect, it } from 'vitest';
import { exportFileName } from './download';

describe('the export file name', () => {
  it('keeps letters of any script and digits, joins the rest with dashes', () => {
    expect(exportFileName('Shop bot')).toBe('Shop-bot.bot.json');
    expect(exportFileName('Бот магазина №2')).toBe('Бот-магазина-2.bot.json');
    expect(exportFileName('  a/b\\c:d  ')).toBe('a-b-c-d.bot.json');
  });

  it('never leaves the name empty', () => {
    expect(exportFileName('!!!')).toBe('bot.bot.json');
  });
});
