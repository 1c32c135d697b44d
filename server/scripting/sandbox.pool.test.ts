// The sandbox's worker threads: user code never holds the thread that serves requests, a run that
// QuickJS cannot stop ends with its worker (replaced), and the CPU budget counts the run's own time.
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Meter, threadCpuClock } from './sandbox.clock';
import { LIMITS, Sandbox, type HostApi, type RunOptions } from './sandbox';
import { workerExecArgv } from './sandbox.pool';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await Sandbox.create({ workers: 5 });
});
afterAll(() => sandbox.dispose());

const run = (code: string, o: Partial<RunOptions> = {}) => sandbox.run({ code, kind: 'script', api: {}, businessId: 1, ...o });

/** Resolves on the main thread's next turns of the event loop: only possible while no user code holds it. */
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe('the main thread is never blocked by user code', () => {
  it('stays responsive while hostile runs fill the pool, then those end in errors and the pool serves new runs', async () => {
    // The first allocates 1 MB strings in a loop: before the worker threads it held the whole process for 40 s.
    const hostile = [
      "var a = []; while (true) { a.push('x'.repeat(1000000) + a.length); }",
      'while (true) {}',
      'function f(n) { return f(n + 1) + 1 } f(0)',
      "let s = 'x'; for (;;) s = s + s + s",
    ].map((code, i) => run(code, { businessId: 10 + i, timeoutMs: LIMITS.timeoutMs }));
    let settled = 0;
    for (const p of hostile) void p.then(() => settled++);
    // Meanwhile the main thread turns its event loop and another business's run (on the fifth worker) completes,
    // with a host call answered by this thread.
    await turns(20);
    const host: HostApi = { lead: { getAttr: () => 'Moscow' } };
    const other = await run("return lead.getAttr('city') === 'Moscow'", { api: host, businessId: 2, timeoutMs: 20_000, wallTimeoutMs: 60_000 });
    expect(other).toMatchObject({ ok: true, value: true });
    const results = await Promise.all(hostile);
    expect(settled).toBe(4);
    for (const r of results) {
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.kind).toMatch(/^(timeout|memory|runtime)$/);
    }
    // The allocating loop ends as a memory error or a timeout (in the VM, or by ending its worker);
    // the endless loop as a timeout; the recursion as a stack overflow.
    expect(!results[0]!.ok && results[0]!.error.kind).toMatch(/^(timeout|memory)$/);
    expect(results[1]).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    expect(results[2]).toMatchObject({ ok: false, error: { message: expect.stringMatching(/stack overflow/) } });
    // Every worker (replaced ones included) serves new runs.
    await expect.poll(() => sandbox.stats().workers).toBe(5);
    const again = await Promise.all(Array.from({ length: 10 }, (_, i) => run('return [1, 2, 3].map((x) => x * 2).join()', { businessId: 20 + i })));
    for (const r of again) expect(r).toMatchObject({ ok: true, value: '2,4,6' });
  });

  it('a host call that never answers ends the run at its wall deadline, and the worker serves the next run', async () => {
    const never: HostApi = { bot: { wait: () => new Promise(() => {}) } };
    const r = await run('bot.wait()', { api: never, wallTimeoutMs: 100 });
    expect(r).toMatchObject({ ok: false, error: { kind: 'timeout', message: 'the run did not finish within 100 ms' } });
    expect(await run('return 42')).toMatchObject({ ok: true, value: 42 });
  });

  it('queues runs beyond the workers and refuses them once the queue is full', async () => {
    const small = await Sandbox.create({ workers: 1, maxQueued: 2 });
    try {
      let open!: () => void;
      const opened = new Promise<void>((r) => (open = r));
      let called!: () => void;
      const wasCalled = new Promise<void>((r) => (called = r));
      const gateApi: HostApi = {
        bot: {
          wait: async () => {
            called();
            await opened;
          },
        },
      };
      const first = small.run({ code: 'bot.wait(); return 1', kind: 'script', api: gateApi, businessId: 1 });
      await wasCalled;
      const queued = [2, 3].map((n) => small.run({ code: `return ${n}`, kind: 'script', api: {}, businessId: 1 }));
      expect(await small.run({ code: 'return 4', kind: 'script', api: {}, businessId: 1 })).toMatchObject({
        ok: false,
        error: { kind: 'timeout', message: expect.stringMatching(/overloaded/) },
      });
      open();
      expect(await Promise.all([first, ...queued])).toMatchObject([
        { ok: true, value: 1 },
        { ok: true, value: 2 },
        { ok: true, value: 3 },
      ]);
    } finally {
      small.dispose();
    }
  });
});

/** CPU-burning threads, to load every core of the machine while a test runs. */
function burners(n: number): { stop(): Promise<void> } {
  const code =
    'const { parentPort } = require("node:worker_threads"); let stop = false; parentPort.on("message", () => (stop = true)); (function spin() { const t = Date.now(); while (Date.now() - t < 50) {} if (!stop) setImmediate(spin); else process.exit(0); })();';
  const ws = Array.from({ length: n }, () => new Worker(code, { eval: true }));
  return {
    async stop() {
      await Promise.all(ws.map((w) => w.terminate()));
    },
  };
}

describe('the CPU budget counts the run’s own time', () => {
  it('reads the thread’s own CPU clock on Linux', () => {
    const c = threadCpuClock();
    if (process.platform !== 'linux') return;
    expect(c?.source).toMatch(/^(schedstat|stat)$/);
    expect(sandbox.clock).toMatch(/^(schedstat|stat)$/);
    const a = c!.clock();
    let n = 0;
    for (let i = 0; i < 5e6; i++) n += i % 3;
    expect(n).toBeGreaterThan(0);
    expect(c!.clock()).toBeGreaterThanOrEqual(a);
  });

  it('a run of a few ms of work within a 100 ms budget succeeds while other threads keep every core busy; an endless loop is still stopped', async () => {
    const load = burners(3);
    try {
      // ~20 ms of work for QuickJS here; repeated, so some runs start while the cores are taken.
      const work = 'let n = 0; for (let i = 0; i < 400000; i++) n = (n + i * 7) % 1000003; return n > -1';
      const runs = await Promise.all(Array.from({ length: 8 }, (_, i) => run(work, { businessId: 30 + i, timeoutMs: 100 })));
      for (const r of runs) expect(r).toMatchObject({ ok: true, value: true });
      expect(await run('while (true) {}', { timeoutMs: 100 })).toMatchObject({
        ok: false,
        error: { kind: 'timeout', message: 'the code ran longer than 100 ms (an endless loop?)' },
      });
    } finally {
      await load.stop();
    }
  });

  it('the meter charges CPU time, not time spent waiting, and caps a starved run by wall time', () => {
    let cpu = 0;
    const m = new Meter(() => cpu, 100, 60_000);
    expect(m.check()).toBeUndefined();
    cpu = 150;
    // The CPU clock is read at most every millisecond of wall time: spin until it has been.
    const t = performance.now();
    while (performance.now() - t < 2);
    expect(m.check()).toBe('cpu');
    const starved = new Meter(() => 0, 0.1, 60_000); // 10 × 0.1 ms of wall time outside host calls
    const t2 = performance.now();
    while (performance.now() - t2 < 2);
    expect(starved.check()).toBe('cpu');
  });
});

describe("the server's Node options in the sandbox's workers", () => {
  const argv = [
    '--max-old-space-size=4096',
    '--enable-source-maps',
    '--import',
    'tsx',
    '--max-semi-space-size=64',
    '--require=./trace.cjs',
    '--title=metadesk',
  ];

  it('keeps the loaders and source maps, drops V8 and process-wide options', () => {
    expect(workerExecArgv(argv)).toEqual(['--enable-source-maps', '--import', 'tsx', '--require=./trace.cjs']);
  });

  it('gives a worker options it starts with, where the whole list is refused', async () => {
    const server = ['--max-old-space-size=4096', '--enable-source-maps', '--max-semi-space-size=64'];
    const code = 'require("node:worker_threads").parentPort.postMessage(process.execArgv)';
    expect(() => new Worker(code, { eval: true, execArgv: server })).toThrow(/invalid execArgv/);
    const worker = new Worker(code, { eval: true, execArgv: workerExecArgv(server) });
    const seen = await new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject));
    expect(seen).toEqual(['--enable-source-maps']);
    await worker.terminate();
  });
});
