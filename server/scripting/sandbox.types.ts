// The sandbox's public shapes and default limits. Nothing here touches QuickJS.
import type { ScriptLogLevel } from '../../contracts/scripts';

/** The only values that cross the sandbox boundary, either way. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * A function the platform gives to user code. It receives plain JSON values (never VM objects) and
 * returns a JSON value, undefined, or a promise of one. Throwing (or rejecting) becomes a catchable
 * `HostError` inside the sandbox with the same message (and `code`, when the error has a string code).
 */
// `void` so that a function with no answer (a setter) needs no `return undefined`.
export type HostFn = (...args: Json[]) => Json | undefined | void | Promise<Json | undefined | void>;

/** Namespaces of host functions, e.g. `{ lead: { getAttr, setAttr }, http: { get, post } }`. */
export interface HostApi {
  [namespace: string]: { [fn: string]: HostFn };
}

export interface RunOptions {
  code: string;
  /** 'expression': a condition, its value is the result. 'script': statements; the result is what `return` gives. */
  kind: 'expression' | 'script';
  api: HostApi;
  /** Runs of one business share nothing with runs of another; also used for fair scheduling. */
  businessId: number;
  /** CPU time the user code may use, not counting time spent waiting for host calls. */
  timeoutMs?: number;
  /** Heap of the run's QuickJS runtime. */
  memoryBytes?: number;
  /** Wall time of the whole run, host calls included. */
  wallTimeoutMs?: number;
  /** Appears in error positions and stack traces. */
  filename?: string;
}

export type ErrorKind = 'syntax' | 'runtime' | 'timeout' | 'memory' | 'host';

export interface RunError {
  kind: ErrorKind;
  message: string;
  /** 1-based, in the user's code (the wrapper the sandbox adds is accounted for). */
  line?: number;
  column?: number;
}

export type RunResult = { ok: true; value: Json | undefined; logs: LogLine[]; ms: number } | { ok: false; error: RunError; logs: LogLine[]; ms: number };

export interface LogLine {
  level: ScriptLogLevel;
  message: string;
  /** Epoch milliseconds. */
  at: number;
}

export type SyntaxCheck = { ok: true } | { ok: false; line: number; column?: number; message: string };

/** Defaults; every one can be overridden per run (time, memory) or per sandbox (the rest). */
export const LIMITS = {
  timeoutMs: 100,
  wallTimeoutMs: 10_000,
  memoryBytes: 32 * 1024 * 1024,
  /**
   * QuickJS's own stack limit. Larger values (512 KB, 1 MB, or the library default) let deep
   * recursion overflow the host's native stack before QuickJS notices, which throws out of the
   * WASM module and leaves it corrupt. 256 KB reports "stack overflow" inside the sandbox (~1,400 frames).
   */
  stackBytes: 256 * 1024,
  /** Source length; parsing is not interruptible, so an enormous script is refused up front. */
  codeChars: 256 * 1024,
  logLines: 100,
  logLineChars: 2048,
  /** The serialized result (and each host call's serialized arguments), in UTF-16 characters. */
  resultChars: 1024 * 1024,
  /** A host function's serialized answer (an HTTP body of 1 MB may grow when escaped as JSON). */
  hostReplyChars: 4 * 1024 * 1024,
} as const;
