import { describe, expect, it } from 'vitest';
import { addressKey, liveFailures, LOGIN_THROTTLE, loginWaitMs, retryAfterSec, type FailureCount, type LoginFailures } from './login-throttle';

const SEC = 1000;
const MIN = 60 * SEC;
const none: LoginFailures = { accountAddress: null, address: null, account: null };
const count = (failures: number, lastFailureAt: number): FailureCount => ({ failures, lastFailureAt });

describe('login throttle', () => {
  it('lets the first 4 failures of an account from one address retry at once, then waits 1 s, 2 s, 4 s … capped at 15 min', () => {
    const t = 1_000_000;
    for (let n = 1; n < 5; n++) expect(loginWaitMs({ ...none, accountAddress: count(n, t) }, t)).toBe(0);
    expect(loginWaitMs({ ...none, accountAddress: count(5, t) }, t)).toBe(1 * SEC);
    expect(loginWaitMs({ ...none, accountAddress: count(6, t) }, t)).toBe(2 * SEC);
    expect(loginWaitMs({ ...none, accountAddress: count(7, t) }, t)).toBe(4 * SEC);
    expect(loginWaitMs({ ...none, accountAddress: count(14, t) }, t)).toBe(512 * SEC);
    expect(loginWaitMs({ ...none, accountAddress: count(15, t) }, t)).toBe(15 * MIN);
    expect(loginWaitMs({ ...none, accountAddress: count(10_000, t) }, t)).toBe(15 * MIN);
  });

  it('counts the wait from the last failure, so a moved clock lets the attempt through', () => {
    const f = { ...none, accountAddress: count(7, 0) };
    expect(loginWaitMs(f, 0)).toBe(4 * SEC);
    expect(loginWaitMs(f, 3 * SEC)).toBe(1 * SEC);
    expect(loginWaitMs(f, 4 * SEC)).toBe(0);
  });

  it('forgets a count after a day without failures (the next failure counts from 1 again)', () => {
    expect(liveFailures(count(50, 0), LOGIN_THROTTLE.forgetMs - 1)).toBe(50);
    expect(liveFailures(count(50, 0), LOGIN_THROTTLE.forgetMs)).toBe(0);
    expect(liveFailures(null, 0)).toBe(0);
  });

  it('gives one address a larger budget over all accounts, then backs off the same way', () => {
    const free = LOGIN_THROTTLE.address.free;
    expect(loginWaitMs({ ...none, address: count(free - 1, 0) }, 0)).toBe(0);
    expect(loginWaitMs({ ...none, address: count(free, 0) }, 0)).toBe(1 * SEC);
    expect(loginWaitMs({ ...none, address: count(free + 3, 0) }, 0)).toBe(8 * SEC);
  });

  it('never slows a clean address for failures of the account elsewhere', () => {
    expect(loginWaitMs({ ...none, account: count(1_000_000, 0) }, 0)).toBe(0);
    expect(loginWaitMs({ ...none, account: count(1_000_000, 0), accountAddress: count(3, 0 - LOGIN_THROTTLE.forgetMs) }, 0)).toBe(0);
  });

  it('slows an address that failed for an account under a distributed attack, by at most a minute', () => {
    const free = LOGIN_THROTTLE.account.free;
    expect(loginWaitMs({ ...none, accountAddress: count(1, 0), account: count(free - 1, 0) }, 0)).toBe(0);
    expect(loginWaitMs({ ...none, accountAddress: count(1, 0), account: count(free, 0) }, 0)).toBe(1 * SEC);
    expect(loginWaitMs({ ...none, accountAddress: count(1, 0), account: count(free + 20, 0) }, 0)).toBe(1 * MIN);
  });

  it('takes the longest of the waits', () => {
    expect(loginWaitMs({ accountAddress: count(6, 0), address: count(LOGIN_THROTTLE.address.free + 4, 0), account: null }, 0)).toBe(16 * SEC);
  });

  it('says Retry-After in whole seconds, rounded up, at least 1', () => {
    expect([retryAfterSec(1), retryAfterSec(1000), retryAfterSec(1001), retryAfterSec(15 * MIN)]).toEqual([1, 1, 2, 900]);
  });

  it('counts IPv4 as it is, IPv4-mapped IPv6 as IPv4, and IPv6 by its /64', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
