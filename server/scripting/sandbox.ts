import { prepareApi } from './sandbox.host-calls';
import { defaultWorkers, WorkerPool } from './sandbox.pool';
import type { Outcome } from './sandbox.run';
import { SyntaxChecker } from './sandbox.syntax';
import { LIMITS, type RunOptions, type RunResult, type SyntaxCheck } from './sandbox.types';

export type { HostApi, HostFn, Json, LogLine, RunError, RunOptions, RunResult, SyntaxCheck } from './sandbox.types';
export { LIMITS } from './sandbox.types';

// The JavaScript sandbox for a business's user code: QuickJS compiled to WebAssembly (the sync
// build) in a pool of worker threads, a fresh QuickJS runtime per run, values crossing only as JSON,
// host calls synchronous for user code. See docs/scripting-sandbox.md.

/** The structured logger's shape (pino fits). */
export interface SandboxLogger {
  warn(obj: object, msg: string): void;
}

export interface SandboxOptions {
  /** Worker threads that run user code (default: the cores, 2 to 4; the server passes SANDBOX_WORKERS). */
  workers?: number;
  /** Runs waiting for a free worker; beyond that a run fails at once as overloaded (default 1,000). */
  maxQueued?: number;
  /** V8 heap of a worker thread in MB (default 256); a worker past it is ended and its run fails as 'memory'. */
  workerHeapMb?: number;
  /** Replace a worker's WASM module once its memory grew past this (default 64 MB; it starts at 16 MB, a run leaves ~50 KB). */
  recycleBytes?: number;
  /** Replace it after this many runs (default 2,000). */
  recycleRuns?: number;
  logger?: SandboxLogger;
}

const FILENAME = /^[\w. /-]{1,100}$/;

export class Sandbox {
  private disposed = false;
  private syntax: SyntaxChecker | undefined;
  /** Resolves once the syntax checker is ready (at once from create(); open() leaves it to the caller). */
  readonly ready: Promise<void>;

  private constructor(
    private readonly pool: WorkerPool,
    syntax: SyntaxChecker | Promise<SyntaxChecker>,
  ) {
    if (syntax instanceof SyntaxChecker) this.syntax = syntax;
    this.ready = Promise.resolve(syntax).then((s) => void (this.syntax = s));
    this.ready.catch(() => undefined); // a failure is the awaiting caller's
  }

  /** A sandbox with its workers started and their WASM modules instantiated, so the first run pays no start-up. */
  static async create(o: SandboxOptions = {}): Promise<Sandbox> {
    const pool = newPool(o);
    const [syntax] = await Promise.all([
      SyntaxChecker.create(),
      pool.start().catch(async (err: unknown) => {
        await pool.close();
        throw err;
      }),
    ]);
    return new Sandbox(pool, syntax);
  }

  /**
   * A sandbox at once, for a server with more to do before it serves: its syntax checker loads
   * meanwhile (await `ready` before checkSyntax), and its worker threads wait for startWorkers() or
   * the first run, so that their start (each compiles the WASM) does not slow down the server's.
   */
  static open(o: SandboxOptions = {}): Sandbox {
    return new Sandbox(newPool(o), SyntaxChecker.create());
  }

  /** Starts the worker threads if they are not yet (see open); one that fails to start is logged and replaced by the pool. */
  startWorkers(): void {
    if (!this.disposed) this.pool.start().catch(() => undefined);
  }

  /** How the workers measure a run's CPU time: 'schedstat' or 'stat' (the thread's own time, from Linux), or 'wall'. */
  get clock(): string {
    return this.pool.clock;
  }

  /** Workers ready, running, runs waiting, and workers replaced so far (ended by the backstop, their heap limit or a crash). */
  stats(): { workers: number; busy: number; queued: number; replaced: number } {
    return this.pool.stats();
  }

  /**
   * Runs user code with the given host API, on a worker thread. Never throws for anything the user
   * code does (errors, endless loops, memory exhaustion, a crash inside QuickJS or of its worker):
   * those come back as `ok: false`. Throws only for a programming error of the caller (an invalid
   * API shape) or after dispose().
   */
  async run(o: RunOptions): Promise<RunResult> {
    const t0 = performance.now();
    const ms = () => Math.round((performance.now() - t0) * 1000) / 1000;
    if (this.disposed) throw new Error('the sandbox is disposed');
    if (o.code.length > LIMITS.codeChars) {
      return { ok: false, error: { kind: 'syntax', message: `the code is longer than ${LIMITS.codeChars} characters` }, logs: [], ms: ms() };
    }
    const api = prepareApi(o.api);
    const out = await new Promise<Outcome>((resolve) =>
      this.pool.run({
        api,
        businessId: o.businessId,
        queuedAt: t0,
        resolve,
        settings: {
          code: o.code,
          kind: o.kind,
          filename: o.filename !== undefined && FILENAME.test(o.filename) ? o.filename : 'script.js',
          timeoutMs: clamp(o.timeoutMs ?? LIMITS.timeoutMs, 1, 60_000),
          wallTimeoutMs: clamp(o.wallTimeoutMs ?? LIMITS.wallTimeoutMs, 1, 600_000),
          memoryBytes: clamp(o.memoryBytes ?? LIMITS.memoryBytes, 2 * 1024 * 1024, 512 * 1024 * 1024),
          stackBytes: LIMITS.stackBytes,
        },
      }),
    );
    return out.ok ? { ok: true, value: out.value, logs: out.logs, ms: ms() } : { ok: false, error: out.error, logs: out.logs, ms: ms() };
  }

  /** Compiles without running: ok, or the line, column and reason of the first syntax error. */
  checkSyntax(code: string, kind: 'expression' | 'script', filename = 'script.js'): SyntaxCheck {
    if (!this.syntax) throw new Error('the sandbox is not ready: await sandbox.ready first');
    return this.syntax.check(code, kind, FILENAME.test(filename) ? filename : 'script.js');
  }

  /** Refuses new runs and ends the workers (in the background); runs waiting or in flight fail. */
  dispose(): void {
    this.disposed = true;
    void this.pool.close();
  }
}

function newPool(o: SandboxOptions): WorkerPool {
  return new WorkerPool({
    workers: Math.max(1, Math.floor(o.workers ?? defaultWorkers())),
    maxQueued: o.maxQueued ?? 1_000,
    recycleBytes: o.recycleBytes ?? 64 * 1024 * 1024,
    recycleRuns: o.recycleRuns ?? 2_000,
    workerHeapMb: o.workerHeapMb ?? 256,
    logger: o.logger,
  });
}

function clamp(n: number, min: number, max: number): number {
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : min;
}
