import { describe, expect, it } from 'vitest';
import { inputProblem } from './input-hygiene';

describe('inputs no route may take', () => {
  it('finds a NUL in any string or key, naming where', () => {
    expect(inputProblem('body', { a: 'ok', b: ['x', 'y\u0000'] })).toEqual({ path: 'body.b.1', message: expect.stringContaining('NUL') });
    expect(inputProblem('body', { ['k\u0000']: 1 })?.path).toBe('body.k\\u0000');
    expect(inputProblem('query', { q: 'ирина' })).toBeNull();
  });

  it('stops at 32 levels, and checks a body 100,000 levels deep without overflowing the stack', () => {
    const nest = (n: number) => {
      let v: unknown = 'leaf';
      for (let i = 0; i < n; i++) v = { p: v };
      return v;
    };
    expect(inputProblem('body', nest(32))).toBeNull();
    expect(inputProblem('body', nest(33))?.message).toBe('nested deeper than 32 levels');
    expect(inputProblem('body', nest(100_000))?.message).toBe('nested deeper than 32 levels');
  });
});
