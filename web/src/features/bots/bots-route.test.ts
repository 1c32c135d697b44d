import { describe, expect, it } from 'vitest';
import { botsHref, parseBotsRoute, type BotsRoute } from './bots-route';

describe('the bots section in the hash', () => {
  it('reads every screen and writes it back the same', () => {
    const screens: [string, BotsRoute][] = [
      ['/settings/bots', { view: 'list' }],
      ['/settings/bots/3', { view: 'bot', botId: 3, tab: 'scripts' }],
      ['/settings/bots/3/triggers', { view: 'bot', botId: 3, tab: 'triggers' }],
      ['/settings/bots/3/log', { view: 'bot', botId: 3, tab: 'log' }],
      ['/settings/bots/3/console', { view: 'bot', botId: 3, tab: 'console' }],
      ['/settings/bots/3/scripts/start', { view: 'script', botId: 3, code: 'start' }],
      ['/settings/bots/3/new-script', { view: 'script', botId: 3, code: null }],
    ];
    for (const [path, route] of screens) {
      expect(parseBotsRoute(path)).toEqual(route);
      expect(botsHref(route)).toBe(`#${path}`);
    }
  });

  it('falls back to the list, or to the bot, on what it cannot read', () => {
    expect(parseBotsRoute('/settings/users')).toEqual({ view: 'list' });
    expect(parseBotsRoute('/settings/bots/abc')).toEqual({ view: 'list' });
    expect(parseBotsRoute('/settings/bots/0')).toEqual({ view: 'list' });
    expect(parseBotsRoute('/settings/bots/3/elsewhere')).toEqual({ view: 'list' });
    expect(parseBotsRoute('/settings/bots/3/scripts/start/more')).toEqual({ view: 'list' });
    expect(parseBotsRoute('/settings/bots/3/scripts/Not-A-Code')).toEqual({ view: 'bot', botId: 3, tab: 'scripts' });
    expect(parseBotsRoute('/settings/bots/3/')).toEqual({ view: 'bot', botId: 3, tab: 'scripts' });
  });
});
