import fs from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { dispatch, type PreparedApi, type Reply } from './sandbox.host-calls';
import type { Outcome, RunSettings } from './sandbox.run';
import type { FromWorker, HostAnswer, HostCall, ToWorker, WorkerInit } from './sandbox.worker';
import { WALL_CAP_FACTOR } from './sandbox.clock';
import type { RunError } from './sandbox.types';

// The main thread's side of the sandbox: a small pool of worker threads (sandbox.worker.ts), one run
// per worker at a time, a bounded queue in front of them, the host calls of each run (the host API
// runs here, with the database and the network), and the backstop: a run still going past its hard
// deadline (its time limits plus a margin: QuickJS did not stop it, e.g. inside one long C call) or
// a worker over its V8 heap ends that worker (worker.terminate()), the run fails, and a new worker
// takes its place. The main thread never waits for user code.

export interface PoolOptions {
  workers: number;
  /** Runs waiting for a worker; beyond this a run fails at once (kind 'timeout', "overloaded"). */
  maxQueued: number;
  recycleBytes: number;
  recycleRuns: number;
  /** V8 heap of a worker (the QuickJS heaps are WASM memory, limited per run by memoryBytes). */
  workerHeapMb: number;
  logger?: { warn(obj: object, msg: string): void };
}

/** The cores, 2 to 4: at least two, so one runaway script (held until it is stopped) never makes every other lead's bot wait. */
export function defaultWorkers(): number {
  return Math.max(2, Math.min(4, availableParallelism()));
}

export interface Job {
  settings: RunSettings;
  api: PreparedApi;
  businessId: number;
  queuedAt: number;
  resolve(o: Outcome): void;
}

/** Added to a run's own limits before its worker is ended by force. */
const BACKSTOP_MARGIN_MS = 500;

interface Active {
  job: Job;
  id: number;
  started: number;
  /** Wall time spent answering host calls. */
  hostMs: number;
  /** performance.now() when the host call being answered came in. */
  inCall?: number;
  timer?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  calls: MessageChannel['port1'];
  signal: Int32Array;
  ready: boolean;
  active?: Active;
  gone: boolean;
}

const fail = (error: RunError): Outcome => ({ ok: false, error, logs: [] });

export class WorkerPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private readonly running = new Map<number, number>(); // businessId → runs on workers
  private nextId = 1;
  private closed = false;
  /** Runs accepted and not yet answered: while there are any, `alive` keeps the process running (workers, ports and retry timers are unref'd). */
  private pending = 0;
  private alive: NodeJS.Timeout | undefined;
  private failures = 0;
  private starting: Promise<void> | undefined;
  /** Workers ended by the backstop, by their heap limit or by a crash, and replaced. */
  replaced = 0;
  clock = 'unknown';

  constructor(private readonly o: PoolOptions) {}

  /** Starts the workers (once: a later call gets the same promise); resolves once all are ready (their QuickJS modules instantiated). */
  start(): Promise<void> {
    this.starting ??= (async () => {
      await Promise.all(Array.from({ length: this.o.workers }, () => this.spawn()));
    })();
    return this.starting;
  }

  run(job: Job): void {
    if (this.closed) return job.resolve(fail({ kind: 'runtime', message: 'the sandbox is shutting down' }));
    if (this.queue.length >= this.o.maxQueued) {
      return job.resolve(fail({ kind: 'timeout', message: `the script sandbox is overloaded (${this.queue.length} runs waiting); the code was not run` }));
    }
    this.pending++;
    this.alive ??= setInterval(() => undefined, 1 << 30);
    this.queue.push(job);
    // The first run starts the workers if nobody has yet; a worker that fails to start is logged and replaced.
    if (!this.starting) this.start().catch(() => undefined);
    this.pump();
  }

  stats(): { workers: number; busy: number; queued: number; replaced: number } {
    let busy = 0;
    for (const s of this.slots) if (s.active) busy++;
    return { workers: [...this.slots].filter((s) => s.ready).length, busy, queued: this.queue.length, replaced: this.replaced };
  }

  /** Ends the workers; runs waiting or in flight fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.answer(job, fail({ kind: 'runtime', message: 'the sandbox is shutting down' }));
    await Promise.all([...this.slots].map((s) => this.end(s, { kind: 'runtime', message: 'the sandbox is shutting down' })));
  }

  private spawn(): Promise<void> {
    const channel = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    const init: WorkerInit = { calls: channel.port2, signal, recycleBytes: this.o.recycleBytes, recycleRuns: this.o.recycleRuns };
    const { url, execArgv } = workerEntry();
    const worker = new Worker(url, {
      workerData: init,
      transferList: [channel.port2],
      execArgv,
      resourceLimits: { maxOldGenerationSizeMb: this.o.workerHeapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      stdout: false,
      stderr: false,
    });
    const slot: Slot = { worker, calls: channel.port1, signal: new Int32Array(signal), ready: false, gone: false };
    this.slots.add(slot);
    worker.unref();
    channel.port1.unref();
    return new Promise<void>((resolve, reject) => {
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') {
          slot.ready = true;
          this.failures = 0;
          this.clock = m.clock;
          resolve();
          this.pump();
        } else this.finish(slot, m);
      });
      channel.port1.on('message', (c: HostCall) => this.hostCall(slot, c));
      worker.on('error', (err: Error & { code?: string }) => {
        const oom = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
        if (!slot.ready) reject(err);
        if (!oom) this.o.logger?.warn({ err }, 'sandbox: a worker failed; it is replaced');
        void this.end(slot, oom ? { kind: 'memory', message: 'the code used more memory than the sandbox allows' } : escapedError(false));
      });
      worker.on('exit', () => {
        if (!slot.ready) reject(new Error('a sandbox worker exited while starting'));
        void this.end(slot, escapedError(false));
      });
    });
  }

  /** Ends a worker (if not already), fails its run with `error`, and starts a replacement. */
  private async end(slot: Slot, error: RunError): Promise<void> {
    if (slot.gone) return;
    slot.gone = true;
    this.slots.delete(slot);
    const a = slot.active;
    slot.active = undefined;
    if (a) this.settle(a, fail(error));
    slot.calls.close();
    await slot.worker.terminate();
    if (this.closed) return;
    this.replaced++;
    if (!slot.ready) this.failures++;
    // A worker that cannot start (a broken install) is retried with a growing pause, not in a tight loop.
    const pause = this.failures === 0 ? 0 : Math.min(30_000, 100 * 2 ** this.failures);
    setTimeout(() => {
      if (!this.closed) this.spawn().catch((err: unknown) => this.o.logger?.warn({ err }, 'sandbox: a worker could not start'));
    }, pause).unref();
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.active || slot.gone) continue;
      const job = this.take();
      const a: Active = { job, id: this.nextId++, started: performance.now(), hostMs: 0 };
      slot.active = a;
      this.running.set(job.businessId, (this.running.get(job.businessId) ?? 0) + 1);
      slot.worker.postMessage({ type: 'run', id: a.id, settings: job.settings, spec: job.api.spec } satisfies ToWorker);
      this.arm(slot, a);
    }
  }

  /** The next job: the oldest of a business with no run on a worker, else the oldest (one business's burst cannot hold every worker while others wait). */
  private take(): Job {
    const n = Math.min(this.queue.length, 64);
    for (let i = 0; i < n; i++) {
      if (!this.running.get(this.queue[i]!.businessId)) return this.queue.splice(i, 1)[0]!;
    }
    return this.queue.shift()!;
  }

  /** The backstop timer: the run's limits on the clocks the main thread can see, plus a margin. */
  private arm(slot: Slot, a: Active): void {
    const s = a.job.settings;
    // Time to describe the error after an in-VM stop (the worker grants itself max(20 ms, budget) of CPU for it; twice that of wall time here).
    const grace = Math.max(20, s.timeoutMs) * 2;
    const check = () => {
      if (slot.active !== a) return;
      const now = performance.now();
      const hostMs = a.hostMs + (a.inCall !== undefined ? now - a.inCall : 0);
      // Outside host calls the worker's clocks are capped at WALL_CAP_FACTOR × the budget; inside one it is asleep.
      const activeLeft = a.inCall !== undefined ? Infinity : a.started + hostMs + s.timeoutMs * WALL_CAP_FACTOR + grace + BACKSTOP_MARGIN_MS - now;
      const wallLeft = a.started + s.wallTimeoutMs + grace + BACKSTOP_MARGIN_MS - now;
      if (activeLeft <= 0 || wallLeft <= 0) {
        this.o.logger?.warn({ businessId: a.job.businessId }, 'sandbox: a run went past its hard deadline; its worker is ended and replaced');
        const limit = wallLeft <= 0 ? `the run did not finish within ${s.wallTimeoutMs} ms` : `the code ran longer than ${s.timeoutMs} ms (an endless loop?)`;
        void this.end(slot, { kind: 'timeout', message: `${limit}; it was stopped by force` });
        return;
      }
      a.timer = setTimeout(check, Math.min(activeLeft, wallLeft) + 1);
    };
    check();
  }

  private hostCall(slot: Slot, c: HostCall): void {
    const a = slot.active;
    if (!a || a.id !== c.run) return; // a call of a run that has ended
    a.inCall = performance.now();
    const answer = (reply: Reply) => {
      if (slot.active !== a || slot.gone) return;
      a.hostMs += performance.now() - a.inCall!;
      a.inCall = undefined;
      slot.calls.postMessage({ call: c.call, reply } satisfies HostAnswer);
      Atomics.add(slot.signal, 0, 1);
      Atomics.notify(slot.signal, 0);
      // The active clock runs again from here: re-arm from the new position.
      clearTimeout(a.timer);
      this.arm(slot, a);
    };
    const out = dispatch(a.job.api, c.ns, c.fn, c.args, false);
    if (out instanceof Promise) void out.then(answer);
    else answer(out);
  }

  private finish(slot: Slot, m: Exclude<FromWorker, { type: 'ready' }>): void {
    const a = slot.active;
    if (!a || a.id !== m.id) return;
    slot.active = undefined;
    if (m.type === 'escaped') {
      this.o.logger?.warn({ err: m.message, businessId: a.job.businessId }, 'sandbox: an exception escaped QuickJS; its WASM module is retired');
      this.settle(a, fail(escapedError(m.overflow)));
    } else this.settle(a, m.outcome);
    this.pump();
  }

  private settle(a: Active, o: Outcome): void {
    clearTimeout(a.timer);
    const n = (this.running.get(a.job.businessId) ?? 1) - 1;
    if (n > 0) this.running.set(a.job.businessId, n);
    else this.running.delete(a.job.businessId);
    this.answer(a.job, o);
  }

  private answer(job: Job, o: Outcome): void {
    if (--this.pending === 0 && this.alive) {
      clearInterval(this.alive);
      this.alive = undefined;
    }
    job.resolve(o);
  }
}

/**
 * What the author reads when QuickJS itself failed. The usual cause is C recursion that QuickJS's
 * own stack check cannot see (it measures the WASM shadow stack, while JSON.parse, String(array)
 * or the parser recurse on the native one), so a native stack overflow is reported as what it is.
 */
function escapedError(overflow: boolean): RunError {
  return overflow
    ? { kind: 'runtime', message: 'InternalError: stack overflow (nesting too deep)' }
    : { kind: 'runtime', message: 'the script engine failed and was restarted; the run was stopped' };
}

/**
 * The worker's file. From the sources (tests, `npm run dev`: this module is a .ts file run by tsx)
 * it is sandbox.worker.ts beside this one, started through a two-line bootstrap that registers tsx's
 * loader in the worker first (hooks of the parent thread do not reach a worker, and `--import tsx`
 * in a worker's execArgv is not applied before its entry is loaded). From the build it is
 * dist/server/sandbox-worker.js (an entry point of scripts/build-server.mjs), beside the running
 * bundle or one folder up from its chunk.
 */
function workerEntry(): { url: URL; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // require.resolve finds the CommonJS build of tsx/esm/api; its ESM twin sits beside it.
    const api = pathToFileURL(
      createRequire(here)
        .resolve('tsx/esm/api')
        .replace(/\.cjs$/, '.mjs'),
    ).href;
    const entry = new URL('./sandbox.worker.ts', here).href;
    const boot = `const { register } = await import(${JSON.stringify(api)}); register(); await import(${JSON.stringify(entry)});`;
    return { url: new URL(`data:text/javascript,${encodeURIComponent(boot)}`), execArgv: workerExecArgv(process.execArgv) };
  }
  for (const rel of ['./sandbox-worker.js', '../sandbox-worker.js']) {
    const url = new URL(rel, here);
    if (fs.existsSync(fileURLToPath(url))) return { url, execArgv: workerExecArgv(process.execArgv) };
  }
  throw new Error(`the sandbox worker (sandbox-worker.js) is not beside ${fileURLToPath(here)}: rebuild with npm run build:server`);
}

// Node options a worker thread accepts and ours may use; `--import` and the like take a value.
const WORKER_FLAGS = new Set(['--enable-source-maps', '--no-warnings', '--trace-warnings', '--trace-uncaught', '--no-deprecation', '--trace-deprecation']);
const WORKER_VALUED = new Set(['--import', '--require', '-r', '--conditions', '-C', '--loader', '--experimental-loader']);

/**
 * The server's Node options a worker may take. A worker inherits them by default, and refuses the whole
 * list if one is a V8 or process-wide option (`--max-old-space-size=4096`, which an administrator may well
 * give the server): the sandbox would never start. The worker's heap has its own limits (resourceLimits).
 */
export function workerExecArgv(argv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = arg.split('=', 1)[0]!;
    if (WORKER_FLAGS.has(name)) kept.push(arg);
    else if (WORKER_VALUED.has(name)) {
      kept.push(arg);
      if (!arg.includes('=') && i + 1 < argv.length) kept.push(argv[++i]!);
    }
  }
  return kept;
}
