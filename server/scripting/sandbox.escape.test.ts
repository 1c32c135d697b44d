// Known ways out of a JavaScript sandbox, each shown contained. After every attack a normal run
// must still work (afterEach), so an attack that breaks the engine fails the suite too.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseJson } from './sandbox.host-calls';
import { LIMITS, Sandbox, type HostApi, type Json, type RunOptions } from './sandbox';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await Sandbox.create({ workers: 3 });
});
afterAll(() => sandbox.dispose());

const noApi: HostApi = {};
/**
 * The CPU limit is measured on the clock (minus host waits), so on a busy machine a run may be cut
 * off while its process waits for a core. Runs that must finish get a budget no machine exhausts;
 * the tests of the limit pass `cut`, the production default, and the code they cut never ends.
 */
const ample = { timeoutMs: 20_000, wallTimeoutMs: 60_000 };
const cut = { timeoutMs: LIMITS.timeoutMs };
const run = (code: string, o: Partial<RunOptions> = {}) => sandbox.run({ code, kind: 'script', api: noApi, businessId: 1, ...ample, ...o });
const cpuLimitMessage = `the code ran longer than ${LIMITS.timeoutMs} ms (an endless loop?)`;

/** A host call that answers only when the test opens it: a run awaiting it is in flight for as long as the test needs. */
function gate() {
  let open!: () => void;
  let called!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  const wasCalled = new Promise<void>((r) => (called = r));
  return {
    wait: async () => {
      called();
      await opened;
    },
    /** Resolves once user code has called `wait` (and so is suspended on it). */
    called: wasCalled,
    open,
  };
}

afterEach(async () => {
  expect(await run('return [1, 2, 3].map((x) => x * 2).join()')).toMatchObject({ ok: true, value: '2,4,6' });
});

describe('reaching the host', () => {
  it('the Function constructor only reaches the sandbox: this.constructor.constructor("return process")()', async () => {
    const r = await run("return this.constructor.constructor('return process')()");
    expect(r).toMatchObject({ ok: false, error: { kind: 'runtime', message: "ReferenceError: 'process' is not defined" } });
  });

  it('Function("return this")() is the sandbox global, with nothing of the host on it', async () => {
    const r = await run('return Object.getOwnPropertyNames(Function("return this")())');
    expect(r.ok).toBe(true);
    const names = (r.ok ? r.value : []) as string[];
    for (const name of [
      'process',
      'require',
      'module',
      'exports',
      'Buffer',
      'global',
      'fetch',
      'host',
      'log',
      'setTimeout',
      'setInterval',
      'setImmediate',
      'queueMicrotask',
      'WebAssembly',
      'SharedArrayBuffer',
      'Atomics',
    ]) {
      expect(names).not.toContain(name);
    }
  });

  it('eval and new Function run inside the same sandbox', async () => {
    expect(await run('return [eval("1 + 1"), eval("typeof process"), new Function("return typeof require")()]')).toMatchObject({
      ok: true,
      value: [2, 'undefined', 'undefined'],
    });
  });

  it('globalThis.process, require, module and import.meta are absent', async () => {
    const r = await run('return [typeof globalThis.process, typeof require, typeof module, typeof exports, typeof Buffer]');
    expect(r).toMatchObject({ ok: true, value: ['undefined', 'undefined', 'undefined', 'undefined', 'undefined'] });
    expect(await run('return import.meta')).toMatchObject({ ok: false, error: { kind: 'syntax' } });
  });

  it('dynamic import("fs") fails; static import does not parse', async () => {
    expect(await run('return await import("fs")')).toMatchObject({
      ok: false,
      error: { kind: 'runtime', message: expect.stringMatching(/could not load module 'fs'/) },
    });
    expect(await run("return import('node:child_process').then(() => 'loaded', (e) => 'refused')")).toMatchObject({ ok: true, value: 'refused' });
    expect(await run('import fs from "fs"')).toMatchObject({ ok: false, error: { kind: 'syntax' } });
  });

  it('the raw host bridge is not reachable from user code', async () => {
    const host = { lead: { get: () => 1 } };
    const r = await run('return [typeof host, typeof log, Object.getOwnPropertyNames(lead), Object.isFrozen(lead), typeof lead.get.prototype]', { api: host });
    expect(r).toMatchObject({ ok: true, value: ['undefined', 'undefined', ['get'], true, 'undefined'] });
  });
});

describe('prototype pollution', () => {
  it("Object.prototype changed inside does not change the host's, nor the next run's", async () => {
    const r = await run('Object.prototype.polluted = 1; Array.prototype.map = null; JSON.parse = null; return ({}).polluted');
    expect(r).toMatchObject({ ok: true, value: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await run('return [({}).polluted, typeof JSON.parse]')).toMatchObject({ ok: true, value: [null, 'function'] });
  });

  it('host functions receive plain data: __proto__ payloads arrive without the key and a naive merge stays clean', async () => {
    const received: Json[] = [];
    const merged: Record<string, unknown> = {};
    const naiveMerge = (target: Record<string, unknown>, src: Record<string, unknown>) => {
      for (const k in src) {
        const v = src[k];
        if (v && typeof v === 'object') naiveMerge((target[k] ??= {}) as Record<string, unknown>, v as Record<string, unknown>);
        else target[k] = v;
      }
    };
    const host = {
      lead: {
        save: (data: Json | undefined) => {
          received.push(data ?? null);
          naiveMerge(merged, data as Record<string, unknown>);
        },
      },
    };
    const code = `
      lead.save({ ['__proto__']: { polluted: 'computed key' }, a: 1 });
      lead.save(JSON.parse('{"__proto__": {"polluted": "json"}, "b": 2}'));
      const o = {}; o.__proto__ = { polluted: 'setter' }; lead.save(o);
      lead.save(Object.defineProperty({}, '__proto__', { value: { polluted: 'defined' }, enumerable: true }));`;
    expect(await run(code, { api: host })).toMatchObject({ ok: true });
    expect(received).toEqual([{ a: 1 }, { b: 2 }, {}, {}]);
    for (const r of received) expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
    expect(merged).toEqual({ a: 1, b: 2 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('other keys are data: constructor.prototype arrives as a plain nested object (host code merges with own-key checks)', async () => {
    const received: Json[] = [];
    const host = { lead: { save: (data: Json | undefined) => void received.push(data ?? null) } };
    expect(await run("lead.save({ constructor: { prototype: { polluted: 'x' } } })", { api: host })).toMatchObject({ ok: true });
    expect(received).toEqual([{ constructor: { prototype: { polluted: 'x' } } }]);
    expect(Object.hasOwn(received[0] as object, 'constructor')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('drops __proto__ keys even when the JSON text escapes them', () => {
    const v = parseJson('{"\\u005f_proto__": {"x": 1}, "a": {"__proto__": {"y": 2}, "b": 1}}') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['a']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(v.a).toEqual({ b: 1 });
  });
});

describe('time', () => {
  it('an endless loop ends at the deadline', async () => {
    // The CPU deadline stopped it, not the wall deadline (a minute here): which one did is in the message.
    // How long that took on the clock depends on the machine, so it is not asserted.
    const r = await run('while (true) {}', { ...cut, wallTimeoutMs: 60_000 });
    expect(r).toMatchObject({ ok: false, error: { kind: 'timeout', message: cpuLimitMessage, line: 1 } });
    expect(r.ms).toBeGreaterThanOrEqual(LIMITS.timeoutMs);
  });

  it('an endless loop inside an async function, a promise job, a getter or toJSON ends too', async () => {
    for (const code of [
      'async function f() { while (true) {} } return f()',
      'await null; while (true) {}',
      'return Promise.resolve().then(() => { for (;;) {} })',
      'return { get x() { while (true) {} } }',
      'return { toJSON() { while (true) {} } }',
      'try { while (true) {} } catch (e) { return "caught" } finally { return "finally" }',
    ]) {
      expect(await run(code, cut), code).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    }
  });

  it('an endless chain of promise jobs ends at the deadline', async () => {
    expect(await run('function f() { return Promise.resolve().then(f) } f()', cut)).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    expect(await run('async function f() { await null; return f() } return f()', cut)).toMatchObject({ ok: false, error: { kind: 'timeout' } });
  });

  it('a promise that never settles ends the run at once instead of hanging', async () => {
    // Had the run waited for the promise, the wall deadline (a minute here) would have ended it as a
    // timeout, after the test's own limit: the runtime error proves it ended as soon as nothing was left.
    const r = await run('await new Promise(() => {})');
    expect(r).toMatchObject({ ok: false, error: { kind: 'runtime', message: expect.stringMatching(/never settled/) } });
  });

  it('catastrophic regular expression backtracking ends at the deadline', async () => {
    expect(await run("return /(a+)+$/.test('a'.repeat(40) + 'b')", cut)).toMatchObject({ ok: false, error: { kind: 'timeout' } });
  });

  it('setTimeout and setInterval do not exist, so nothing keeps running after the run', async () => {
    expect(await run('return [typeof setTimeout, typeof setInterval, typeof setImmediate, typeof queueMicrotask]')).toMatchObject({
      ok: true,
      value: ['undefined', 'undefined', 'undefined', 'undefined'],
    });
  });
});

describe('memory and stack', () => {
  it("'x'.repeat(1e9) is a memory error, not a host crash", async () => {
    expect(await run("return 'x'.repeat(1e9).length")).toMatchObject({ ok: false, error: { kind: 'memory' } });
  });

  it('a string doubling loop and an ever-growing array are stopped', async () => {
    expect(await run("let s = 'x'; while (true) s += s")).toMatchObject({ ok: false, error: { kind: 'memory' } });
    // With the default limits: whichever it reaches first (the memory or, on a slow machine, the time) stops it.
    const r = await run('const a = []; while (true) a.push({ s: "x".repeat(1000) + a.length })', cut);
    expect(!r.ok && ['memory', 'timeout']).toContain(!r.ok && r.error.kind);
  });

  it('deep recursion is a stack overflow inside the sandbox, and the next run works', async () => {
    expect(await run('function f() { f() }\nf()')).toMatchObject({ ok: false, error: { kind: 'runtime', message: 'InternalError: stack overflow', line: 1 } });
    expect(await run('let d = 0; function f() { d++; f() } try { f() } catch (e) {} return d > 500')).toMatchObject({ ok: true, value: true });
  });

  it('recursion in C code that QuickJS cannot measure is contained too', async () => {
    // QuickJS's stack check measures the WASM shadow stack, which these C paths barely use: the host's
    // native stack overflows instead, and the sandbox retires the WASM module and reports it.
    // What must hold: the run fails with an error the author can read, sandbox.run does not throw, and
    // the engine keeps working (afterEach). A timeout would prove none of it: it would mean the
    // code was stopped (on a busy machine) before it got deep, so the recursion was never tried. The
    // runs get a budget no machine exhausts, and a timeout fails the test instead of passing it.
    for (const code of ["JSON.parse('['.repeat(1e6))", 'let a = []; for (let i = 0; i < 1e5; i++) a = [a]; String(a)', "eval('('.repeat(1e5))"]) {
      const r = await run(code);
      expect(r, code).toMatchObject({ ok: false, error: { kind: expect.stringMatching(/^(runtime|syntax|memory)$/) } });
      expect(!r.ok && r.error.message, code).toMatch(/stack overflow|too deep|memory/);
    }
  });

  it('code that makes QuickJS abort when its runtime is freed cannot take the module down', async () => {
    // Allocating many objects inside a promise job (quickjs-emscripten issue #269) or being interrupted
    // in one leaves a runtime that JS_FreeRuntime aborts on; runtimes are never freed, so nothing aborts.
    // `other` is suspended on its host call on the same module until both runs are over.
    const g = gate();
    const other = run('await bot.wait(); return "still here"', { api: { bot: { wait: g.wait } }, businessId: 2 });
    await g.called;
    expect(await run('await null; const a = []; for (let i = 0; i < 100000; i++) a.push({ i }); return a.length')).toMatchObject({ ok: true, value: 100000 });
    expect(await run('function f() { return Promise.resolve().then(f) } f()', cut)).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    g.open();
    expect(await other).toMatchObject({ ok: true, value: 'still here' });
  });

  it('SharedArrayBuffer, Atomics and WebAssembly are absent', async () => {
    expect(await run('return [typeof SharedArrayBuffer, typeof Atomics, typeof WebAssembly, typeof ArrayBuffer]')).toMatchObject({
      ok: true,
      value: ['undefined', 'undefined', 'undefined', 'undefined'],
    });
  });
});

describe('isolation between runs and businesses', () => {
  it("a global set in run 1 is gone in run 2, and business B never sees business A's", async () => {
    expect(await run('globalThis.secret = "A"; var v = 1; Object.prototype.mark = "A"; return secret', { businessId: 1 })).toMatchObject({
      ok: true,
      value: 'A',
    });
    expect(await run('return [typeof secret, typeof v, ({}).mark]', { businessId: 1 })).toMatchObject({ ok: true, value: ['undefined', 'undefined', null] });
    expect(await run('return [typeof secret, typeof v, ({}).mark]', { businessId: 2 })).toMatchObject({ ok: true, value: ['undefined', 'undefined', null] });
  });

  it('runs in flight at once do not see each other', async () => {
    // Both are suspended on their host calls before either may go on: they are in flight at once.
    const ga = gate();
    const gb = gate();
    const a = run('globalThis.who = "A"; await bot.wait(); return who', { api: { bot: { wait: ga.wait } }, businessId: 1 });
    const b = run('globalThis.who = "B"; await bot.wait(); return [who, typeof secret]', { api: { bot: { wait: gb.wait } }, businessId: 2 });
    await Promise.all([ga.called, gb.called]);
    gb.open();
    await b;
    ga.open();
    expect(await Promise.all([a, b])).toMatchObject([
      { ok: true, value: 'A' },
      { ok: true, value: ['B', 'undefined'] },
    ]);
  });

  it("a run that times out does not stall another business's run", async () => {
    // Synchronous user code holds the Node thread for at most its CPU limit: the loop is given the
    // longest wall time there is (10 minutes), so had only the wall deadline stopped it, the other
    // run could not finish within this test's time limit. That it was the CPU limit is in the message.
    const g = gate();
    const other = run('await bot.wait(); return "finished"', { api: { bot: { wait: g.wait } }, businessId: 2 });
    await g.called;
    // The loop answers the other run's host call itself, just before it starts: that answer can only be
    // taken up once the loop lets go of the thread.
    const looping = run('gate.open(); while (true) {}', { ...cut, wallTimeoutMs: 600_000, api: { gate: { open: () => g.open() } }, businessId: 1 });
    const [r, loop] = await Promise.all([other, looping]);
    expect(loop).toMatchObject({ ok: false, error: { kind: 'timeout', message: cpuLimitMessage } });
    expect(r).toMatchObject({ ok: true, value: 'finished' });
  });

  it("a run that crashes QuickJS's module does not take down another business's run in flight on it", async () => {
    // `other` is suspended on its host call on that module from before the crash until after it.
    const g = gate();
    const other = run('const before = [1, 2].map((x) => x + 1); await bot.wait(); return before.concat([4])', {
      api: { bot: { wait: g.wait } },
      businessId: 2,
    });
    await g.called;
    // On a worker's 4 MB stack QuickJS usually catches this itself ("SyntaxError: stack overflow");
    // where the native stack overflows first, the module is retired ("… (nesting too deep)").
    const crash = await run("JSON.parse('['.repeat(1e6))", { businessId: 1 });
    expect(crash).toMatchObject({ ok: false, error: { message: expect.stringMatching(/stack overflow/) } });
    g.open();
    expect(await other).toMatchObject({ ok: true, value: [2, 3, 4] });
  });

  it('a host function is not called once its run has ended', async () => {
    let calls = 0;
    const g = gate();
    const host = {
      lead: { setAttr: () => void calls++ },
      bot: { slow: g.wait },
    };
    // setAttr would be called after slow() answers, but the run's wall deadline passes while slow() is still working.
    const r = await run('bot.slow(); lead.setAttr("late", 1)', { api: host, wallTimeoutMs: 200 });
    expect(r).toMatchObject({ ok: false, error: { kind: 'timeout', message: 'the run did not finish within 200 ms' } });
    // slow() answers only now, after the run; the answer is dropped (the worker gave up waiting) and
    // the next run on that worker is not confused by it.
    g.open();
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toBe(0);
    expect(await run('globalThis.keep = lead.setAttr; return typeof keep', { api: host })).toMatchObject({ ok: true, value: 'function' });
    expect(await run('return typeof keep', { api: host })).toMatchObject({ ok: true, value: 'undefined' });
  });
});
