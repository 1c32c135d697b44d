import { describe, expect, it } from 'vitest';
import { parseRateLimit } from './rate-limit';

describe('the API-token rate limit typed', () => {
  it('takes whole requests a minute from 1 to 100000 and refuses the rest', () => {
    expect(parseRateLimit(' 600 ')).toBe(600);
    expect(parseRateLimit('1')).toBe(1);
    expect(parseRateLimit('100000')).toBe(100_000);
    for (const bad of ['', '0', '100001', '1.5', 'abc', '-5']) expect(parseRateLimit(bad)).toBe('bad');
  });
});
