import { describe, expect, it } from 'vitest';
import { JS_API_NAMES } from '@contracts/js-api-names';
import { jsCompletions } from './js-completion';

describe('completing the JS API as the author types', () => {
  it('offers every lead.* function after "lead.", with its signature and description', () => {
    const r = jsCompletions('const city = lead.', false);
    expect(r?.back).toBe(0);
    const names = JS_API_NAMES.filter((n) => n.name.startsWith('lead.')).map((n) => n.name.slice(5));
    expect(r?.options.map((o) => o.label)).toEqual(names);
    expect(r?.options.find((o) => o.label === 'getAttr')).toEqual({
      label: 'getAttr',
      detail: '(name)',
      info: "The attribute's value (a string) or null",
      type: 'function',
    });
  });

  it('narrows by what is typed after the dot, ignoring case', () => {
    const r = jsCompletions('if (bot.send', false);
    expect(r).toEqual({ back: 4, options: [expect.objectContaining({ label: 'sendMessage', detail: '(text)' })] });
    expect(jsCompletions('lead.getattr', false)?.options.map((o) => o.label)).toEqual(['getAttr']);
    expect(jsCompletions('http.', false)?.options.map((o) => o.label)).toEqual(['get', 'post', 'request']);
  });

  it('offers nothing after a dot of something else', () => {
    expect(jsCompletions('JSON.', false)).toBeNull();
    expect(jsCompletions('x.lead.', false)).toBeNull();
    expect(jsCompletions('mylead.', false)).toBeNull();
  });

  it('offers the namespaces for a word of two letters or more, or on request', () => {
    expect(jsCompletions('const a = le', false)).toEqual({ back: 2, options: [expect.objectContaining({ label: 'lead', type: 'namespace' })] });
    expect(jsCompletions('l', false)).toBeNull();
    expect(jsCompletions('', true)?.options.map((o) => o.label)).toEqual(['lead', 'bot', 'http']);
    expect(jsCompletions('const x', false)).toBeNull();
  });
});
