import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../errors';
import { Sandbox, type HostApi, type Json, type RunOptions } from './sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await Sandbox.create();
});
afterAll(() => sandbox.dispose());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A lead's attributes behind lead.getAttr/setAttr, plus a few async bot.* functions. */
function api(attrs: Record<string, Json> = {}) {
  const calls: { fn: string; args: Json[] }[] = [];
  const host = {
    lead: {
      getAttr: (name) => attrs[String(name)] ?? null,
      setAttr: (name, value) => {
        calls.push({ fn: 'setAttr', args: [name ?? null, value ?? null] });
        attrs[String(name)] = value ?? null;
      },
      refuse: () => {
        throw new AppError('forbidden', 'this bot may not do that');
      },
    },
    bot: {
      findLeads: async (query) => {
        await sleep(5);
        return [{ id: 1, query: query ?? null }];
      },
      fail: async () => {
        await sleep(1);
        throw Object.assign(new Error('the CRM is down'), { code: 'crm_down' });
      },
    },
  } satisfies HostApi;
  return { host, attrs, calls };
}

/**
 * The CPU limit is measured on the clock (minus host waits), so on a busy machine a run may be cut off
 * while its process waits for a core: runs here get a budget no machine exhausts unless a test sets its own.
 */
const run = (code: string, kind: RunOptions['kind'] = 'script', o: Partial<RunOptions> = {}) =>
  sandbox.run({ code, kind, api: o.api ?? api().host, businessId: 1, timeoutMs: 20_000, wallTimeoutMs: 60_000, ...o });

describe('expressions and scripts', () => {
  it('evaluates a condition against the host API', async () => {
    const { host } = api({ city: 'Moscow' });
    expect(await run("lead.getAttr('city') === 'Moscow'", 'expression', { api: host })).toMatchObject({ ok: true, value: true });
    expect(await run("lead.getAttr('city') === 'Kazan'", 'expression', { api: host })).toMatchObject({ ok: true, value: false });
  });

  it('returns what a script returns, undefined without return', async () => {
    expect(await run('const a = [1, 2, 3];\nreturn { sum: a.reduce((x, y) => x + y), s: "ok" }')).toMatchObject({ ok: true, value: { sum: 6, s: 'ok' } });
    expect(await run('let x = 1; x++')).toMatchObject({ ok: true, value: undefined });
    expect(await run('null', 'expression')).toMatchObject({ ok: true, value: null });
  });

  it('refuses statements where an expression is expected', async () => {
    expect(await run('1; 2', 'expression')).toMatchObject({ ok: false, error: { kind: 'syntax', line: 1 } });
  });

  it('calls synchronous host functions without await and records their effects', async () => {
    const { host, attrs, calls } = api({ visits: 2 });
    const r = await run("const v = lead.getAttr('visits');\nlead.setAttr('visits', v + 1);\nreturn lead.getAttr('visits')", 'script', { api: host });
    expect(r).toMatchObject({ ok: true, value: 3 });
    expect(attrs.visits).toBe(3);
    expect(calls).toEqual([{ fn: 'setAttr', args: ['visits', 3] }]);
  });

  it('awaits asynchronous host functions, in scripts and conditions', async () => {
    expect(await run('const leads = await bot.findLeads({ tag: "vip" });\nreturn leads[0].query.tag')).toMatchObject({ ok: true, value: 'vip' });
    expect(await run('(await bot.findLeads(1)).length > 0', 'expression')).toMatchObject({ ok: true, value: true });
    const all = await run('const r = await Promise.all([bot.findLeads(1), bot.findLeads(2)]);\nreturn r.map((x) => x[0].query)');
    expect(all).toMatchObject({ ok: true, value: [1, 2] });
  });

  it('tells the author to write await when an async result is used without it', async () => {
    const r = await run('const leads = bot.findLeads(1);\nreturn leads.length');
    expect(r).toMatchObject({
      ok: false,
      error: { kind: 'runtime', line: 2, message: 'TypeError: bot.findLeads() is asynchronous: write await bot.findLeads(…)' },
    });
    const loop = await run('const leads = bot.findLeads(1);\nfor (const l of leads) lead.setAttr("x", l.id)');
    expect(loop).toMatchObject({ ok: false, error: { line: 2, message: 'TypeError: bot.findLeads() is asynchronous: write await bot.findLeads(…)' } });
    expect(await run('const p = bot.findLeads(1); console.log(p); return [p instanceof Promise, typeof p.then]')).toMatchObject({
      ok: true,
      value: [true, 'function'],
    });
  });

  it('finishes host calls the script started but did not await', async () => {
    const { host, attrs } = api();
    host.bot.findLeads = async () => {
      await sleep(20);
      attrs.saved = true;
      return [];
    };
    expect(await run('bot.findLeads(1); return "started"', 'script', { api: host })).toMatchObject({ ok: true, value: 'started' });
    expect(attrs.saved).toBe(true);
  });

  it('does not count time spent waiting for host calls against the CPU limit', async () => {
    // The host call takes a minute on the clock the sandbox reads (moved forward while the run waits
    // for it, from a later turn of the event loop), sixty times the CPU limit. A real wait would make the
    // test depend on how long the code around the call takes on this machine.
    const real = performance.now.bind(performance);
    let skipped = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => real() + skipped);
    try {
      const host = {
        bot: {
          slow: () =>
            new Promise<Json>((resolve) =>
              setImmediate(() => {
                skipped += 60_000;
                resolve('done');
              }),
            ),
        },
      };
      const r = await run('return await bot.slow()', 'script', { api: host, timeoutMs: 1_000, wallTimeoutMs: 600_000 });
      expect(r).toMatchObject({ ok: true, value: 'done' });
    } finally {
      clock.mockRestore();
    }
  });

  it("reports the author's error even when the machine is too slow to describe it within a few milliseconds", async () => {
    // Every reading of the clock the sandbox takes moves it 25 ms on, and describing this error takes
    // work (its message is computed): the description outlasts any fixed grace of a few milliseconds,
    // as describing did on a busy machine, but not the run's own budget.
    const real = performance.now.bind(performance);
    let skipped = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => real() + (skipped += 25));
    try {
      const code =
        "throw { name: 'OrderError', get message() { let n = 0; for (let i = 0; i < 300000; i++) n += i % 7; return 'the order has no items (' + n + ')'; } }";
      const r = await run(code, 'script', { timeoutMs: 60_000, wallTimeoutMs: 600_000 });
      expect(r).toMatchObject({ ok: false, error: { kind: 'runtime' } });
      expect(JSON.stringify(r)).toContain('the order has no items');
    } finally {
      clock.mockRestore();
    }
  });

  it('caps the whole run by its wall time', async () => {
    // The host call answers only after the run: nothing but the wall deadline can have ended it.
    let answer!: (v: Json) => void;
    const host = { bot: { slow: () => new Promise<Json>((resolve) => (answer = resolve)) } };
    const r = await run('return await bot.slow()', 'script', { api: host, wallTimeoutMs: 150 });
    answer('too late');
    expect(r).toMatchObject({ ok: false, error: { kind: 'timeout', message: 'the run did not finish within 150 ms' } });
    expect(r.ms).toBeGreaterThanOrEqual(150);
  });
});

describe('errors', () => {
  it('reports a runtime error with its line and column in the user code', async () => {
    const r = await run('const a = 1;\nconst b = null;\nreturn b.x;');
    expect(r).toMatchObject({ ok: false, error: { kind: 'runtime', line: 3, column: 9 } });
    expect(!r.ok && r.error.message).toMatch(/^TypeError: cannot read property 'x' of null/);
  });

  it('reports a syntax error with line and column, the wrapper accounted for', async () => {
    expect(await run('let x = 1;\nx = ;')).toMatchObject({ ok: false, error: { kind: 'syntax', line: 2, column: 5 } });
    expect(await run('x = ;')).toMatchObject({ ok: false, error: { kind: 'syntax', line: 1, column: 5 } });
  });

  it('reports thrown values that are not errors', async () => {
    expect(await run("throw 'nope'")).toMatchObject({ ok: false, error: { kind: 'runtime', message: 'Error: uncaught nope' } });
    expect(await run('throw new RangeError("too far")')).toMatchObject({ ok: false, error: { kind: 'runtime', message: 'RangeError: too far', line: 1 } });
  });

  it('turns a host refusal into a catchable error with its message and code', async () => {
    const caught = await run('try { lead.refuse() } catch (e) { return [e.name, e.message, e.code, e instanceof Error] }');
    expect(caught).toMatchObject({ ok: true, value: ['HostError', 'this bot may not do that', 'forbidden', true] });
    expect(await run('lead.refuse()', 'expression')).toMatchObject({
      ok: false,
      error: { kind: 'host', message: 'this bot may not do that', line: 1, column: 12 },
    });
  });

  it('turns a rejected async host call into a catchable error', async () => {
    const r = await run('try { await bot.fail() } catch (e) { return e.code + ": " + e.message }');
    expect(r).toMatchObject({ ok: true, value: 'crm_down: the CRM is down' });
    expect(await run('await bot.fail()')).toMatchObject({ ok: false, error: { kind: 'host', message: 'the CRM is down' } });
  });

  it('throws for a host API that is not one (a programming error)', async () => {
    await expect(run('1', 'expression', { api: { console: { log: () => 1 } } })).rejects.toThrow(TypeError);
    await expect(run('1', 'expression', { api: { 'my-ns': { f: () => 1 } } })).rejects.toThrow(TypeError);
  });
});

describe('logs', () => {
  it('captures console output for the script author', async () => {
    const before = Date.now();
    const r = await run('console.log("hello", 1, { a: [1] });\nconsole.warn(new Error("careful"));\nconsole.error(undefined, null)');
    const after = Date.now();
    expect(r.logs.map((l) => [l.level, l.message])).toEqual([
      ['log', 'hello 1 {"a":[1]}'],
      ['warn', 'Error: careful'],
      ['error', 'undefined null'],
    ]);
    expect(r.logs[0]!.at).toBeGreaterThanOrEqual(before);
    expect(r.logs[0]!.at).toBeLessThanOrEqual(after);
  });

  it('caps the number and length of lines', async () => {
    const r = await run('for (let i = 0; i < 1000; i++) console.log("line", i);\nconsole.info("x".repeat(10000))');
    expect(r.logs).toHaveLength(101);
    expect(r.logs[99]!.message).toBe('line 99');
    expect(r.logs[100]!.message).toBe('… 901 more log lines dropped (limit 100)');
    const long = await run('console.info("x".repeat(10000))');
    expect(long.logs[0]!.message).toHaveLength(2049);
  });
});

describe('values cross as JSON only', () => {
  it('gives host functions plain data: undefined and functions become null, dates strings', async () => {
    const seen: Json[][] = [];
    const host = { lead: { take: (...args: Json[]) => void seen.push(args) } };
    await run('lead.take(undefined, () => 1, new Date(0), { n: NaN, nested: { s: "x" } })', 'script', { api: host });
    expect(seen).toEqual([[null, null, '1970-01-01T00:00:00.000Z', { n: null, nested: { s: 'x' } }]]);
  });

  it('refuses arguments that are not JSON inside the sandbox', async () => {
    const host = { lead: { take: () => 1 } };
    const r = await run('const a = {}; a.self = a; lead.take(a)', 'script', { api: host });
    expect(r).toMatchObject({ ok: false, error: { kind: 'runtime' } });
    expect(await run('lead.take(10n)', 'expression', { api: host })).toMatchObject({ ok: false, error: { kind: 'runtime' } });
  });

  it('copies what a host function returns: changing it inside changes nothing outside', async () => {
    const shared = { a: 1, nested: { b: 2 } };
    const host = { lead: { card: () => shared } };
    const r = await run('const c = lead.card(); c.a = 99; c.nested.b = 3; return [c.a, lead.card().a]', 'script', { api: host });
    expect(r).toMatchObject({ ok: true, value: [99, 1] });
    expect(shared).toEqual({ a: 1, nested: { b: 2 } });
  });

  it('reports a host function that returns something that is not JSON as a host error', async () => {
    const host = { lead: { bad: () => 10n as unknown as Json } };
    expect(await run('lead.bad()', 'expression', { api: host })).toMatchObject({
      ok: false,
      error: { kind: 'host', message: 'the host function returned a value that is not JSON' },
    });
  });

  it('returns a result that is JSON, or fails saying why', async () => {
    expect(await run('return { f() {}, d: new Date(0) }')).toMatchObject({ ok: true, value: { d: '1970-01-01T00:00:00.000Z' } });
    expect(await run('const a = []; a.push(a); return a')).toMatchObject({ ok: false, error: { kind: 'runtime' } });
    expect(await run('return "x".repeat(2 * 1024 * 1024)')).toMatchObject({
      ok: false,
      error: { kind: 'runtime', message: expect.stringMatching(/result is larger/) },
    });
  });
});

describe('checkSyntax', () => {
  it('accepts code that parses and runs nothing', () => {
    expect(sandbox.checkSyntax('while (true) {}', 'script')).toEqual({ ok: true });
    expect(sandbox.checkSyntax("return await lead.getAttr('x')", 'script')).toEqual({ ok: true });
    expect(sandbox.checkSyntax("lead.getAttr('city') === 'Moscow'", 'expression')).toEqual({ ok: true });
  });

  it('refuses code that does not parse with the line, column and reason', () => {
    expect(sandbox.checkSyntax('let x = 1;\n  x = ;', 'script')).toEqual({ ok: false, line: 2, column: 7, message: "unexpected token in expression: ';'" });
    expect(sandbox.checkSyntax('a ===', 'expression')).toMatchObject({ ok: false, line: 2 });
    expect(sandbox.checkSyntax('import fs from "fs"', 'script')).toMatchObject({ ok: false, line: 1 });
    expect(sandbox.checkSyntax('x'.repeat(300 * 1024), 'script')).toMatchObject({ ok: false, message: expect.stringMatching(/longer than/) });
  });
});
