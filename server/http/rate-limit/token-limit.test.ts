import { describe, expect, it } from 'vitest';
import { MemoryCounter } from './memory/counter';
import { rateLimitFields } from './token-limit';

const MIN = 60_000;

describe('the RateLimit fields', () => {
  it('say the quota, what is left and the whole seconds until the window ends', () => {
    expect(rateLimitFields(600, 1, 2 * MIN, MIN)).toEqual({ policy: '"token";q=600;w=60', current: '"token";r=599;t=60', over: false, retryAfterSec: 60 });
    expect(rateLimitFields(3, 3, 2 * MIN, 2 * MIN - 1)).toMatchObject({ current: '"token";r=0;t=1', over: false, retryAfterSec: 1 });
    expect(rateLimitFields(3, 7, 2 * MIN, MIN + 10_500)).toMatchObject({ current: '"token";r=0;t=50', over: true, retryAfterSec: 50 });
  });
});

describe('the memory counter', () => {
  it('counts per key in windows aligned to the clock, from zero in each new one', async () => {
    const c = new MemoryCounter();
    expect(await c.hit('a', MIN + 5, MIN)).toEqual({ count: 1, resetAt: 2 * MIN });
    expect(await c.hit('a', 2 * MIN - 1, MIN)).toEqual({ count: 2, resetAt: 2 * MIN });
    expect(await c.hit('b', MIN, MIN)).toEqual({ count: 1, resetAt: 2 * MIN });
    expect(await c.hit('a', 2 * MIN, MIN)).toEqual({ count: 1, resetAt: 3 * MIN });
  });
});
