import { describe, expect, it } from 'vitest';
import { parseSeconds, TARGET } from './seconds-field';

describe('seconds typed into a target field', () => {
  it('reads empty as none, numbers within bounds, and refuses the rest', () => {
    expect(parseSeconds('', TARGET)).toBeNull();
    expect(parseSeconds(' 60 ', TARGET)).toBe(60);
    expect(parseSeconds('4', TARGET)).toBe('bad');
    expect(parseSeconds('1.5', TARGET)).toBe('bad');
    expect(parseSeconds('abc', TARGET)).toBe('bad');
    expect(parseSeconds('604801', TARGET)).toBe('bad');
  });
});
