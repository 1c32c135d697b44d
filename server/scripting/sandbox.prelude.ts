// Small JavaScript helpers evaluated inside a run's QuickJS context, each only when the run first
// needs it: QuickJS compiles roughly 4 characters per microsecond here, so a prelude compiled on
// every run would cost more than the run itself. They are evaluated after user code may have
// replaced globals (String, Proxy …); that can only spoil the user's own run, since the host trusts
// nothing they return beyond a string it validates.

/** The filename of these helpers' frames, skipped when locating an error in the user's code. */
export const PRELUDE_FILE = 'metadesk:sandbox';

/**
 * (log, maxChars, stringify) => console. Formats arguments inside the VM (under its time and memory
 * limits) and hands the host one string per line, cut at maxChars.
 */
export const CONSOLE_SOURCE = String.raw`(function (log, max, stringify) {
  function text(a) {
    if (typeof a === 'string') return a;
    try { if (a instanceof Error) return a.name + ': ' + a.message; const s = stringify(a); return s === undefined ? String(a) : s; }
    catch (_) { try { return String(a); } catch (_) { return '[unprintable]'; } }
  }
  const out = (level) => (...a) => {
    let s = '';
    for (let i = 0; i < a.length && s.length <= max; i++) s += (i ? ' ' : '') + text(a[i]);
    log(level, s.length > max ? s.slice(0, max) + '…' : s);
  };
  return Object.freeze({ log: out('log'), info: out('info'), warn: out('warn'), error: out('error'), debug: out('log') });
})`;

/** (stringify, String) => (thrown) => JSON text {name, message, stack, fileName?, line?, column?}; never throws. */
export const DESCRIBE_SOURCE = String.raw`(function (stringify, String) { return function (e) {
try {
  if (e !== null && (typeof e === 'object' || typeof e === 'function')) return stringify({
    name: e.name === undefined ? 'Error' : String(e.name), message: e.message === undefined ? String(e) : String(e.message),
    stack: typeof e.stack === 'string' ? e.stack : '', fileName: typeof e.fileName === 'string' ? e.fileName : undefined,
    line: typeof e.lineNumber === 'number' ? e.lineNumber : undefined, column: typeof e.columnNumber === 'number' ? e.columnNumber : undefined });
  return stringify({ name: 'Error', message: 'uncaught ' + String(e), stack: '' });
} catch (_) { return '{"name":"Error","message":"an error that could not be described","stack":""}'; }
}; })`;
