// Sign-in throttling rules. Pure: the counts live in login_failures, time comes from the caller.
//
// The old rule locked an e-mail for everyone after 5 failures, so anyone could lock anyone out.
// Following OWASP's authentication guidance (throttle, don't lock; count per source), failures are
// counted per client address, per (account, address) and per account, and each count beyond its
// free budget makes the *next* attempt wait with exponential back-off. The wait applies to the
// address that failed: a sign-in from an address that has not failed for this account is never
// refused because of failures elsewhere. The account-wide count only slows addresses that have
// themselves failed for this account, so a botnet spreading guesses over many addresses gets about one
// guess per address per minute once the account has seen many failures, while the owner from a clean
// address signs in at once.

const SEC = 1000;
const MIN = 60 * SEC;

export interface BackoffRule {
  /** Failures allowed before any wait. */
  free: number;
  /** The wait after the `free`-th failure; it doubles with each failure after. */
  baseMs: number;
  maxMs: number;
}

export const LOGIN_THROTTLE = {
  /** One account from one address: the owner mistyping, or a guesser. 1 s, 2 s, 4 s … 15 min. */
  accountAddress: { free: 5, baseMs: SEC, maxMs: 15 * MIN },
  /** One address over all accounts (password spraying, credential stuffing): a larger budget. */
  address: { free: 50, baseMs: SEC, maxMs: 15 * MIN },
  /** One account over all addresses: only slows addresses that have failed for it, capped low. */
  account: { free: 100, baseMs: SEC, maxMs: MIN },
  /** A count with no new failure for this long starts over. */
  forgetMs: 24 * 60 * MIN,
} as const satisfies Record<string, BackoffRule | number>;

/** One counter: how many failures, and when the latest was. */
export interface FailureCount {
  failures: number;
  lastFailureAt: number;
}

/** The counters a sign-in attempt is judged by (null: no failures recorded). */
export interface LoginFailures {
  accountAddress: FailureCount | null;
  address: FailureCount | null;
  account: FailureCount | null;
}

/** The failures a count still holds at `now` (0 once forgotten). */
export function liveFailures(c: FailureCount | null, now: number): number {
  return c && now - c.lastFailureAt < LOGIN_THROTTLE.forgetMs ? c.failures : 0;
}

/** The earliest time a counter allows the next attempt (its last failure + the back-off). */
function allowedAt(c: FailureCount | null, rule: BackoffRule, now: number): number {
  const n = liveFailures(c, now);
  if (!c || n < rule.free) return 0;
  const wait = Math.min(rule.maxMs, rule.baseMs * 2 ** Math.min(n - rule.free, 40));
  return c.lastFailureAt + wait;
}

/**
 * How long (ms) an attempt at `now` must wait; 0: it may try now. An address with no live failure
 * for this account is judged by its own address count only, never by the account's.
 */
export function loginWaitMs(f: LoginFailures, now: number): number {
  const clean = liveFailures(f.accountAddress, now) === 0;
  const until = Math.max(
    allowedAt(f.accountAddress, LOGIN_THROTTLE.accountAddress, now),
    allowedAt(f.address, LOGIN_THROTTLE.address, now),
    clean ? 0 : allowedAt(f.account, LOGIN_THROTTLE.account, now),
  );
  return Math.max(0, until - now);
}

/** The `Retry-After` value for a wait: whole seconds, rounded up, at least 1. */
export function retryAfterSec(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / SEC));
}

/**
 * The key failures of an address are counted under: an IPv4 address as it is (also when mapped into
 * IPv6), an IPv6 address by its /64, since one host usually holds a whole /64.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!ip.includes(':')) return ip;
  const [head = '', tail] = ip.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  if (tail === undefined && left.length !== 8) return ip; // not a form we can read: count it as it is
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return ip;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
