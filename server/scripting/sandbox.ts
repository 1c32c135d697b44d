import { prepareApi } from './sandbox.host-calls';
import { Engine } from './sandbox.engine';
import { runOnModule } from './sandbox.run';
import { SyntaxChecker } from './sandbox.syntax';
import { LIMITS, type RunOptions, type RunResult, type SyntaxCheck } from './sandbox.types';

export type { HostApi, HostFn, Json, LogLine, RunError, RunOptions, RunResult, SyntaxCheck } from './sandbox.types';
export { LIMITS } from './sandbox.types';

// The JavaScript sandbox for a business's user code: QuickJS compiled to WebAssembly (the sync
// build), a fresh QuickJS runtime per run, values crossing only as JSON. See docs/scripting-sandbox.md.

/** The structured logger's shape (pino fits). */
export interface SandboxLogger {
  warn(obj: object, msg: string): void;
}

export interface SandboxOptions {
  /** Replace the WASM module once its memory grew past this (default 64 MB; it starts at 16 MB, a run leaves ~50 KB). */
  recycleBytes?: number;
  /** Replace it after this many runs (default 2,000). */
  recycleRuns?: number;
  logger?: SandboxLogger;
}

const FILENAME = /^[\w. /-]{1,100}$/;

export class Sandbox {
  private disposed = false;

  private constructor(
    private readonly engine: Engine,
    private readonly syntax: SyntaxChecker,
    private readonly logger: SandboxLogger | undefined,
  ) {}

  /** A sandbox with its WASM modules instantiated, so the first run pays no start-up. */
  static async create(o: SandboxOptions = {}): Promise<Sandbox> {
    const engine = new Engine({ recycleBytes: o.recycleBytes ?? 64 * 1024 * 1024, recycleRuns: o.recycleRuns ?? 2_000 });
    const [syntax, slot] = await Promise.all([SyntaxChecker.create(), engine.acquire()]);
    engine.release(slot, false);
    return new Sandbox(engine, syntax, o.logger);
  }

  /**
   * Runs user code with the given host API. Never throws for anything the user code does (errors,
   * endless loops, memory exhaustion, a crash inside QuickJS): those come back as `ok: false`. Throws
   * only for a programming error of the caller (an invalid API shape) or after dispose().
   */
  async run(o: RunOptions): Promise<RunResult> {
    const t0 = performance.now();
    const ms = () => Math.round((performance.now() - t0) * 1000) / 1000;
    if (this.disposed) throw new Error('the sandbox is disposed');
    if (o.code.length > LIMITS.codeChars) {
      return { ok: false, error: { kind: 'syntax', message: `the code is longer than ${LIMITS.codeChars} characters` }, logs: [], ms: ms() };
    }
    const api = prepareApi(o.api);
    const slot = await this.engine.acquire();
    let poisoned = true; // an exception out of QuickJS: retire the module
    try {
      const out = await runOnModule(slot.module, {
        code: o.code,
        kind: o.kind,
        api,
        filename: o.filename !== undefined && FILENAME.test(o.filename) ? o.filename : 'script.js',
        timeoutMs: clamp(o.timeoutMs ?? LIMITS.timeoutMs, 1, 60_000),
        wallTimeoutMs: clamp(o.wallTimeoutMs ?? LIMITS.wallTimeoutMs, 1, 600_000),
        memoryBytes: clamp(o.memoryBytes ?? LIMITS.memoryBytes, 2 * 1024 * 1024, 512 * 1024 * 1024),
        stackBytes: LIMITS.stackBytes,
      });
      poisoned = false;
      return out.ok ? { ok: true, value: out.value, logs: out.logs, ms: ms() } : { ok: false, error: out.error, logs: out.logs, ms: ms() };
    } catch (err) {
      this.logger?.warn({ err, businessId: o.businessId }, 'sandbox: an exception escaped QuickJS; its WASM module is retired');
      return { ok: false, error: escaped(err), logs: [], ms: ms() };
    } finally {
      this.engine.release(slot, poisoned);
    }
  }

  /** Compiles without running: ok, or the line, column and reason of the first syntax error. */
  checkSyntax(code: string, kind: 'expression' | 'script', filename = 'script.js'): SyntaxCheck {
    return this.syntax.check(code, kind, FILENAME.test(filename) ? filename : 'script.js');
  }

  /** Refuses new runs; runs in flight finish. */
  dispose(): void {
    this.disposed = true;
  }
}

/**
 * What the author reads when QuickJS itself failed. The usual cause is C recursion that QuickJS's
 * own stack check cannot see (it measures the WASM shadow stack, while JSON.parse, String(array)
 * or the parser recurse on the native one), so a native stack overflow is reported as what it is.
 */
function escaped(err: unknown): { kind: 'runtime'; message: string } {
  if (err instanceof RangeError && /call stack/i.test(err.message)) return { kind: 'runtime', message: 'InternalError: stack overflow (nesting too deep)' };
  return { kind: 'runtime', message: 'the script engine failed and was restarted; the run was stopped' };
}

function clamp(n: number, min: number, max: number): number {
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : min;
}
