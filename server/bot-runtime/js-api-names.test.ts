import { describe, expect, it } from 'vitest';
import { JS_API_NAMES, JS_API_NAMESPACES } from '../../contracts/js-api-names';
import type { Executor } from '../storage/db';
import { hostApi } from './js-engine';
import { Run } from './run';

// The script editor completes lead.* / bot.* / http.* from contracts/js-api-names.ts: that list must
// name exactly what a run's sandbox is given, so completion never offers a function that is not
// there, nor misses one that is.
describe('the JS API names the script editor offers', () => {
  const run = new Run({ id: 1, businessId: 1, botId: 1, name: 'Lead', status: null, attrs: {}, tags: new Set(), data: {} });
  // Building the API touches no database: every function reads it only when called.
  const api = hostApi(run, { db: {} as Executor, now: () => 0, allowPrivate: false });
  const exposed = Object.entries(api).flatMap(([namespace, fns]) => Object.keys(fns).map((fn) => `${namespace}.${fn}`));
  const listed = JS_API_NAMES.map((n) => n.name);

  it('lists every function the sandbox exposes, and nothing else', () => {
    expect(exposed.filter((n) => !listed.includes(n))).toEqual([]);
    expect(listed.filter((n) => !exposed.includes(n))).toEqual([]);
  });

  it('lists each name once, under a namespace the sandbox has', () => {
    expect(new Set(listed).size).toBe(listed.length);
    expect(Object.keys(api).sort()).toEqual([...JS_API_NAMESPACES].sort());
  });

  it('gives each a signature named like the function and a one-line description', () => {
    for (const n of JS_API_NAMES) {
      expect(n.signature.startsWith(`${n.name.split('.')[1]}(`), n.name).toBe(true);
      expect(n.signature.endsWith(')'), n.name).toBe(true);
      expect(n.doc.trim().length, n.name).toBeGreaterThan(5);
      expect(n.doc, n.name).not.toContain('\n');
    }
  });
});
