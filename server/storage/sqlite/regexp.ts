import v8 from 'node:v8';

// Regular expressions from user code (bot.findLeads(… 'regexp' …)) run on V8's linear-time engine:
// the time to match is bounded by the pattern and input lengths, whatever the pattern, so no pattern
// can backtrack catastrophically. That engine refuses what it cannot run in linear time
// (backreferences, lookarounds); such a pattern is refused with a clear message.
try {
  v8.setFlagsFromString('--enable-experimental-regexp-engine');
} catch {
  // Without the flag the 'l' flag is unknown: every pattern is then refused below, never run unsafely.
}

/** The longest pattern user code may give. */
export const REGEXP_MAX_PATTERN = 256;
/** The longest text a pattern is tested against: longer values are tested on their first this many characters. */
export const REGEXP_MAX_INPUT = 65_536;

export class UnsafeRegexpError extends Error {}

const cache = new Map<string, RegExp>();

/** Compiles a user pattern for linear-time matching, or throws UnsafeRegexpError saying why not. */
export function compileUserRegexp(pattern: unknown): RegExp {
  if (typeof pattern !== 'string') throw new UnsafeRegexpError('a regular expression must be a string');
  const hit = cache.get(pattern);
  if (hit) return hit;
  if (pattern.length > REGEXP_MAX_PATTERN) throw new UnsafeRegexpError(`a regular expression may be at most ${REGEXP_MAX_PATTERN} characters`);
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'l');
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    if (/linear time/i.test(why))
      throw new UnsafeRegexpError(`regular expression ${JSON.stringify(pattern)}: backreferences and lookarounds are not supported`);
    if (/flags/i.test(why)) throw new UnsafeRegexpError('regular expressions are not available on this server');
    throw new UnsafeRegexpError(`invalid regular expression ${JSON.stringify(pattern)}: ${why.replace(/^Invalid regular expression: /, '')}`);
  }
  if (cache.size >= 200) cache.clear();
  cache.set(pattern, re);
  return re;
}

/** SQLite's REGEXP operator: `value REGEXP pattern` calls regexp(pattern, value). NULL in, NULL out. */
export function sqliteRegexp(pattern: unknown, value: unknown): number | null {
  if (pattern === null || value === null || value === undefined) return null;
  const re = compileUserRegexp(pattern);
  const text = typeof value === 'string' ? value : String(value);
  return re.test(text.length > REGEXP_MAX_INPUT ? text.slice(0, REGEXP_MAX_INPUT) : text) ? 1 : 0;
}
