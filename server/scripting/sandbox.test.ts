import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { Sandbox, type HostApi, type Json, type RunOptions } from './sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await Sandbox.create({ workers: 3 });
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
 * Runs here get a budget no machine exhausts unless a test sets its own (the CPU limit counts the
 * worker's own time, but where Linux does not tell it, the clock stands in).
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

  it('returns the values of asynchronous host functions without await: host calls are synchronous inside', async () => {
    expect(await run('const leads = bot.findLeads(1);\nreturn leads.length')).toMatchObject({ ok: true, value: 1 });
    const { host, attrs } = api();
    expect(await run('for (const l of bot.findLeads(1)) lead.setAttr("x", l.id)', 'script', { api: host })).toMatchObject({ ok: true });
    expect(attrs.x).toBe(1);
    expect(await run('const p = bot.findLeads(1); return [p instanceof Promise, Array.isArray(p)]')).toMatchObject({ ok: true, value: [false, true] });
    // As Metabot documents it: the branch on a falsy answer runs.
    const none = { lead: { assignDialogToNextOperator: async () => null }, bot: { sendMessage: (t: Json) => void (attrs.sent = t) } };
    const code = "var op = lead.assignDialogToNextOperator('sales', true, false, true);\nif (!op) bot.sendMessage('no operator is free')";
    expect(await run(code, 'script', { api: none })).toMatchObject({ ok: true });
    expect(attrs.sent).toBe('no operator is free');
  });

  it('calls host functions synchronously: a plain check, with await, a throw, an async function that awaits a timer', async () => {
    const host = {
      bot: {
        lookup: (id: Json) => ({ ok: id === 1, id }),
        later: async (v: Json) => {
          await sleep(30);
          return v;
        },
        refuse: () => {
          throw Object.assign(new Error('not allowed here'), { code: 'forbidden' });
        },
      },
    } satisfies HostApi;
    expect(await run("var r = bot.lookup(1); if (r.ok) return 'found ' + r.id; return 'none'", 'script', { api: host })).toMatchObject({
      ok: true,
      value: 'found 1',
    });
    expect(await run('const r = await bot.lookup(2); return r.ok', 'script', { api: host })).toMatchObject({ ok: true, value: false });
    expect(await run('try { bot.refuse() } catch (e) { return [e.name, e.code, e.message] }', 'script', { api: host })).toMatchObject({
      ok: true,
      value: ['HostError', 'forbidden', 'not allowed here'],
    });
    expect(await run('var v = bot.later({ n: 7 }); return typeof v.then === "undefined" && v.n', 'script', { api: host })).toMatchObject({
      ok: true,
      value: 7,
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
    // The host call waits several times the CPU limit on a timer: the worker sleeps meanwhile, so
    // neither its CPU clock nor its wall cap moves.
    const host = { bot: { slow: () => sleep(150).then(() => 'done') } };
    const r = await run('const a = bot.slow(); const b = await bot.slow(); return a + b', 'script', { api: host, timeoutMs: 50, wallTimeoutMs: 600_000 });
    expect(r).toMatchObject({ ok: true, value: 'donedone' });
  });

  it("reports the author's error even when describing it takes real work", async () => {
    // Describing this error computes its message: the description gets the run's own budget again
    // (not a fixed few milliseconds, which a busy machine outlasted before).
    const code =
      "throw { name: 'OrderError', get message() { let n = 0; for (let i = 0; i < 300000; i++) n += i % 7; return 'the order has no items (' + n + ')'; } }";
    const r = await run(code, 'script', { timeoutMs: 60_000, wallTimeoutMs: 600_000 });
    expect(r).toMatchObject({ ok: false, error: { kind: 'runtime' } });
    expect(JSON.stringify(r)).toContain('the order has no items');
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
