import { DefaultIntrinsics, type QuickJSContext, type QuickJSHandle, type QuickJSWASMModule } from 'quickjs-emscripten';
import { installBridge, type Bridge, type HostLink, type RunState } from './sandbox.bridge';
import { Meter, type ThreadClock } from './sandbox.clock';
import { parseJson } from './sandbox.host-calls';
import { classify, parseDescribed, type ErrorContext } from './sandbox.errors';
import { LIMITS, type Json, type LogLine, type RunError } from './sandbox.types';

// One run of user code, inside a worker thread (sandbox.worker.ts): a fresh QuickJS runtime and
// context (so nothing survives between runs and each run has its own heap limit and job queue), the
// host API (synchronous calls to the main thread), the evaluation, then promise jobs until the
// code's promise settles. Any exception thrown by quickjs-emscripten
// itself propagates, and the caller retires the module.
//
// The runtime is never freed. QuickJS (both quickjs-emscripten 0.31 and 0.32) aborts the whole WASM
// module in JS_FreeRuntime ("list_empty(&rt->gc_obj_list)") after some perfectly legal code, e.g.
// allocating many objects inside a promise job (upstream issues #269, #235) or an interrupt inside
// one; an abort would take every other run on the module with it. So a module is an arena: runs
// leave their runtimes in it (about 50 KB each for small code), and the engine replaces the module
// once it has grown or served enough runs; dropping it frees everything at once.

/** Typed arrays are left out: user code has no binary data to handle, and they are a third of a context's creation cost. */
export const INTRINSICS = { ...DefaultIntrinsics, TypedArrays: false } as const;

export interface RunSettings {
  code: string;
  kind: 'expression' | 'script';
  filename: string;
  timeoutMs: number;
  wallTimeoutMs: number;
  memoryBytes: number;
  stackBytes: number;
}

export type Outcome = ({ ok: true; value: Json | undefined } | { ok: false; error: RunError }) & { logs: LogLine[] };

/**
 * The code as QuickJS evaluates it: the body of an async function, so `await` works in both kinds.
 * An expression is parenthesised (so `a; b` is refused) and is the function's value; a script is
 * the function body (so `return` gives the result and declarations stay local to the run). The
 * wrapper stays on the user's first line and its closing part on a line of its own, so line numbers
 * match the user's and a trailing `//` comment cannot swallow it.
 */
export function wrap(code: string, kind: 'expression' | 'script'): { source: string; prefix: number } {
  const open = kind === 'expression' ? '(async () => (' : '(async function () {';
  const close = kind === 'expression' ? '\n))()' : '\n})()';
  return { source: `${open}${code}${close}`, prefix: open.length };
}

/** Jobs run per call into the VM; the loop checks the clocks between batches. */
const JOB_BATCH = 256;

/** Sets the state's flags from the meter; true when the run must stop. */
function overrun(state: RunState): boolean {
  if (state.interrupted || state.wallExpired) return true;
  const o = state.meter.check();
  if (o === 'wall') state.wallExpired = true;
  else if (o === 'cpu') state.interrupted = true;
  return o !== undefined;
}

/** `cpu`: the worker thread's own CPU clock (sandbox.clock.ts), or undefined to count wall time minus host calls. */
export function runOnModule(module: QuickJSWASMModule, s: RunSettings, host: HostLink, cpu: ThreadClock | undefined): Outcome {
  const state: RunState = {
    meter: new Meter(cpu, s.timeoutMs, s.wallTimeoutMs),
    budgetMs: s.timeoutMs,
    interrupted: false,
    wallExpired: false,
    ended: false,
  };
  const rt = module.newRuntime();
  rt.setMemoryLimit(s.memoryBytes);
  rt.setMaxStackSize(s.stackBytes);
  // Polled by QuickJS every few thousand operations; returning true throws an uncatchable error.
  rt.setInterruptHandler(() => overrun(state));
  const vm = rt.newContext({ intrinsics: INTRINSICS });
  const bridge = installBridge(vm, state, host);
  try {
    return { ...evaluate(vm, bridge, state, s), logs: bridge.logs };
  } finally {
    state.ended = true;
    bridge.detach();
  }
}

type Result = { ok: true; value: Json | undefined } | { ok: false; error: RunError };

function evaluate(vm: QuickJSContext, bridge: Bridge, state: RunState, s: RunSettings): Result {
  const { source, prefix } = wrap(s.code, s.kind);
  const ctx: ErrorContext = {
    filename: s.filename,
    prefix,
    timeoutMs: s.timeoutMs,
    wallTimeoutMs: s.wallTimeoutMs,
    memoryBytes: s.memoryBytes,
    interrupted: false,
    wallExpired: false,
  };
  const fail = (errorH: QuickJSHandle): Result => {
    const text = describe(bridge, state, errorH);
    errorH.dispose();
    return { ok: false, error: classify(parseDescribed(text), { ...ctx, interrupted: state.interrupted, wallExpired: state.wallExpired }) };
  };
  const timeout = (): Result => ({ ok: false, error: classify(parseDescribed('{}'), { ...ctx, interrupted: true, wallExpired: state.wallExpired }) });

  const evaluated = vm.evalCode(source, s.filename);
  if (evaluated.error) return fail(evaluated.error);
  const valueH = evaluated.value;
  try {
    const jobError = drain(vm, state);
    if (jobError) return fail(jobError);
    const settled = vm.getPromiseState(valueH);
    // A rejection carries the position (a timeout's too: the interrupt error rejects the async wrapper).
    if (settled.type === 'rejected') return fail(settled.error);
    if (state.interrupted || state.wallExpired) {
      if (settled.type === 'fulfilled' && !settled.notAPromise) settled.value.dispose();
      return timeout();
    }
    if (settled.type === 'pending')
      return { ok: false, error: { kind: 'runtime', message: 'the code awaited something that never came (a promise that never settled)' } };
    const resultH = settled.value;
    try {
      return toJson(vm, bridge, resultH, fail);
    } finally {
      if (!settled.notAPromise) resultH.dispose();
    }
  } finally {
    valueH.dispose();
  }
}

/** Runs promise jobs until none is left or time is up. Returns an exception that escaped a job. */
function drain(vm: QuickJSContext, state: RunState): QuickJSHandle | undefined {
  const rt = vm.runtime;
  while (rt.hasPendingJob()) {
    // Each job may be short enough to never reach the interrupt handler's polling: check here too.
    if (overrun(state)) return undefined;
    const r = rt.executePendingJobs(JOB_BATCH);
    if ('error' in r && r.error) return r.error;
  }
  return undefined;
}

function toJson(vm: QuickJSContext, bridge: Bridge, valueH: QuickJSHandle, fail: (e: QuickJSHandle) => Result): Result {
  const r = bridge.toJson(valueH);
  if (r.error) return fail(r.error);
  const text = vm.typeof(r.value) === 'string' ? vm.getString(r.value) : undefined;
  r.value.dispose();
  if (text === undefined) return { ok: true, value: undefined };
  if (text.length > LIMITS.resultChars)
    return { ok: false, error: { kind: 'runtime', message: `the result is larger than ${LIMITS.resultChars} characters of JSON` } };
  return { ok: true, value: parseJson(text) };
}

/**
 * A thrown value described as JSON by DESCRIBE_SOURCE, with a grace of the run's own CPU budget (at
 * least 20 ms) so it can run after a timeout too. Not a fixed few milliseconds: the describer is
 * compiled on first use, and on a busy machine that alone outlasted a short grace, so authors got
 * "the error could not be read" instead of their error. A hostile thrown value can spend at most
 * one more budget.
 */
function describe(bridge: Bridge, state: RunState, errorH: QuickJSHandle): string | undefined {
  state.meter.grant(Math.max(20, state.budgetMs));
  const { interrupted, wallExpired } = state;
  state.interrupted = false;
  state.wallExpired = false;
  const text = bridge.describe(errorH);
  state.interrupted = interrupted;
  state.wallExpired = wallExpired;
  return text;
}
