import { describe, expect, it } from 'vitest';
import { BOT_LIMITS } from './bots';
import { BotExport, Command, TriggerBody } from './scripts';

describe('TriggerBody', () => {
  const t = (o: object) => TriggerBody.safeParse({ code: 'x', name: 'X', script: 's', ...o });
  const issue = (o: object) => {
    const r = t(o);
    return r.success ? null : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  };

  it('matches an attribute name, a status or a tag depending on the event', () => {
    expect(t({ on: 'attribute_changed', match: 'sys_phone' }).success).toBe(true);
    expect(issue({ on: 'attribute_changed', match: 'not a name' })).toMatch(/^match: not a valid attribute name/);
    expect(t({ on: 'status_changed', match: 'Paid order' }).success).toBe(true);
    expect(t({ on: 'tag_added', match: 'vip' }).success).toBe(true);
    expect(t({ on: 'tag_removed' }).success).toBe(true);
  });

  it('refuses a match on a manual trigger', () => {
    expect(issue({ on: 'manual', match: 'x' })).toBe('match: a manual trigger fires on no event: omit match');
    expect(t({ on: 'manual' }).data).toMatchObject({ enabled: true });
  });
});

describe('Command', () => {
  it('sends media from http(s) URLs only', () => {
    expect(Command.safeParse({ type: 'send_image', url: 'https://example.com/a.jpg' }).success).toBe(true);
    expect(Command.safeParse({ type: 'send_image', url: 'javascript:alert(1)' }).success).toBe(false);
    expect(Command.safeParse({ type: 'send_file', url: 'data:text/plain,hi' }).success).toBe(false);
  });
});

describe('BotExport', () => {
  it('takes bot names by the same rule as the bots API', () => {
    const doc = (name: string) => BotExport.safeParse({ format: 'metadesk.bot', version: 1, bot: { name }, scripts: [] });
    expect(doc('x'.repeat(BOT_LIMITS.name)).success).toBe(true);
    expect(doc('x'.repeat(BOT_LIMITS.name + 1)).success).toBe(false);
    expect(doc('  ').success).toBe(false);
    expect(doc('Bot').data).toMatchObject({ bot: { startScript: null, returnScript: null, transferScript: null }, triggers: [] });
  });
});
