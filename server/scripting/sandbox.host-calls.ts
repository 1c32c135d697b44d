import { LIMITS, type HostApi, type HostFn, type Json } from './sandbox.types';

// The host side of a call from user code, with no QuickJS in sight: validate the API once per run,
// parse the arguments (JSON text produced inside the VM), call the host function, and describe
// its answer as JSON text, an error, or a promise of either.

/** A HostApi checked once per run, before any VM exists. */
export interface PreparedApi {
  spec: Record<string, string[]>;
  fns: Map<string, HostFn>;
}

/** What a host call answers; `json` is JSON text, ready for the VM's JSON.parse. */
export type Reply = { kind: 'undefined' } | { kind: 'value'; json: string } | { kind: 'error'; message: string; code?: string };

const NAME = /^[A-Za-z_$][\w$]{0,63}$/;

// The context's own globals (typed arrays are left out of the context) and what the sandbox defines.
const RESERVED = new Set(
  (
    'Error EvalError RangeError ReferenceError SyntaxError TypeError URIError InternalError AggregateError Array Object ' +
    'Function Iterator parseInt parseFloat isNaN isFinite decodeURI decodeURIComponent encodeURI encodeURIComponent ' +
    'escape unescape Infinity NaN undefined eval Number Boolean String Math Reflect Symbol globalThis BigInt Date RegExp ' +
    'JSON Proxy Map Set WeakMap WeakSet Promise WeakRef FinalizationRegistry console'
  ).split(' '),
);

/** Validates the API's shape; throws a TypeError (a programming error, not a user error) if it is wrong. */
export function prepareApi(api: HostApi): PreparedApi {
  const fns = new Map<string, HostFn>();
  const spec: Record<string, string[]> = {};
  for (const ns of Object.keys(api)) {
    if (!NAME.test(ns) || RESERVED.has(ns)) throw new TypeError(`host API namespace "${ns}" is not an identifier or clashes with a global`);
    const names: string[] = [];
    for (const fn of Object.keys(api[ns]!)) {
      const f = api[ns]![fn];
      if (!NAME.test(fn) || typeof f !== 'function') throw new TypeError(`host API "${ns}.${fn}" is not a function with an identifier name`);
      names.push(fn);
      fns.set(`${ns}.${fn}`, f);
    }
    spec[ns] = names;
  }
  return { spec, fns };
}

/** JSON.parse without `__proto__` keys, so host code that merges what it receives cannot be polluted through them. */
export function parseJson(text: string): Json {
  // The reviver is slow; only pay for it when such a key (possibly \u-escaped) may be present.
  return /proto|\\u/.test(text) ? (JSON.parse(text, (k, v: unknown) => (k === '__proto__' ? undefined : v)) as Json) : (JSON.parse(text) as Json);
}

export function valueReply(v: unknown): Reply {
  if (v === undefined) return { kind: 'undefined' };
  let json: string | undefined;
  try {
    json = JSON.stringify(v);
  } catch {
    return { kind: 'error', message: 'the host function returned a value that is not JSON' };
  }
  if (json === undefined) return { kind: 'undefined' };
  if (json.length > LIMITS.hostReplyChars) return { kind: 'error', message: 'the host function returned too much data' };
  return { kind: 'value', json };
}

export function errorReply(err: unknown): Reply {
  let message = 'the host call failed';
  let code: string | undefined;
  try {
    const e = err as { message?: unknown; code?: unknown } | null;
    message = typeof e?.message === 'string' ? e.message : String(err);
    if (typeof e?.code === 'string') code = e.code;
  } catch {
    // An exotic thrown value (no toString): keep the generic message.
  }
  return code === undefined ? { kind: 'error', message: message.slice(0, 1000) } : { kind: 'error', message: message.slice(0, 1000), code };
}

/**
 * Calls `ns.fn` with arguments given as JSON text. A synchronous answer comes back as a Reply; an
 * async one as a promise of a Reply that never rejects. `ended` refuses calls after the run.
 */
export function dispatch(api: PreparedApi, ns: string, fn: string, argsJson: string, ended: boolean): Reply | Promise<Reply> {
  const f = api.fns.get(`${ns}.${fn}`);
  if (!f) return { kind: 'error', message: 'no such host function' };
  if (ended) return { kind: 'error', message: 'the run has ended' };
  if (argsJson.length > LIMITS.resultChars) return { kind: 'error', message: 'the arguments are too large' };
  const args = parseJson(argsJson);
  if (!Array.isArray(args)) return { kind: 'error', message: 'bad arguments' };
  let out: ReturnType<HostFn>;
  try {
    out = f(...args);
  } catch (err) {
    return errorReply(err);
  }
  if (!isThenable(out)) return valueReply(out);
  return Promise.resolve(out).then(valueReply, errorReply);
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}
