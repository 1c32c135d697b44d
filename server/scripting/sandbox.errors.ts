import type { RunError } from './sandbox.types';

// Turns an error thrown inside QuickJS (described as JSON by DESCRIBE_SOURCE) into what the script author
// reads: a kind, a message, and a position in *their* code, with the sandbox's wrapper accounted for.

export interface Described {
  name: string;
  message: string;
  stack: string;
  fileName?: string;
  line?: number;
  column?: number;
}

export interface ErrorContext {
  filename: string;
  /** Characters the wrapper adds before the user's code on line 1. */
  prefix: number;
  timeoutMs: number;
  wallTimeoutMs: number;
  memoryBytes: number;
  interrupted: boolean;
  wallExpired: boolean;
}

// "    at f (user.js:3:5)", "    at user.js:3:5" (a parse error), "    at parse (native)".
const FRAME = /^\s*at (?:[^(]*\()?(.+):(\d+):(\d+)\)?\s*$/;

/** The first frame of the stack that lies in the user's code (host-call shims are skipped). */
export function userPosition(stack: string, filename: string, prefix: number): { line: number; column: number } | undefined {
  for (const l of stack.split('\n')) {
    const m = FRAME.exec(l);
    if (m && m[1] === filename) return position(Number(m[2]), Number(m[3]), prefix);
  }
  return undefined;
}

export function position(line: number, column: number, prefix: number): { line: number; column: number } {
  return { line, column: line === 1 ? Math.max(1, column - prefix) : column };
}

/**
 * A parse error of the user's code itself (not one thrown at run time by eval or JSON.parse): QuickJS
 * sets fileName and lineNumber, and the stack has a bare "at file:line:col" frame.
 */
function isParseError(d: Described, filename: string): boolean {
  return d.name === 'SyntaxError' && d.fileName === filename && d.line !== undefined && new RegExp(`^\\s*at ${escape(filename)}:\\d+:\\d+`).test(d.stack);
}

export function classify(d: Described, c: ErrorContext): RunError {
  const at = isParseError(d, c.filename) ? position(d.line!, d.column ?? 1, c.prefix) : userPosition(d.stack, c.filename, c.prefix);
  const where = at ? { line: at.line, column: at.column } : {};
  if (c.wallExpired) return { kind: 'timeout', message: `the run did not finish within ${c.wallTimeoutMs} ms`, ...where };
  if (c.interrupted) return { kind: 'timeout', message: `the code ran longer than ${c.timeoutMs} ms (an endless loop?)`, ...where };
  if (isParseError(d, c.filename)) return { kind: 'syntax', message: d.message, ...where };
  if (d.name === 'InternalError' && /out of memory|too long/.test(d.message)) {
    return { kind: 'memory', message: `${d.message} (the limit is ${Math.round(c.memoryBytes / 1024 / 1024)} MB)`, ...where };
  }
  if (d.name === 'HostError') return { kind: 'host', message: d.message, ...where };
  return { kind: 'runtime', message: `${d.name}: ${d.message}`.slice(0, 2000), ...where };
}

/** Reads that description; anything malformed becomes a generic error. */
export function parseDescribed(text: string | undefined): Described {
  const fallback: Described = { name: 'Error', message: 'the error could not be read', stack: '' };
  if (text === undefined) return fallback;
  try {
    const d = JSON.parse(text) as Partial<Described>;
    return {
      name: typeof d.name === 'string' ? d.name.slice(0, 100) : 'Error',
      message: typeof d.message === 'string' ? d.message.slice(0, 2000) : '',
      stack: typeof d.stack === 'string' ? d.stack.slice(0, 10_000) : '',
      fileName: typeof d.fileName === 'string' ? d.fileName : undefined,
      line: typeof d.line === 'number' ? d.line : undefined,
      column: typeof d.column === 'number' ? d.column : undefined,
    };
  } catch {
    return fallback;
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
