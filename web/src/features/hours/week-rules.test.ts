import { describe, expect, it } from 'vitest';
import { dayProblem, isOvernight } from './week-rules';

describe('a day of working hours on the screen', () => {
  it('finds the problems the server would refuse', () => {
    expect(dayProblem([{ from: '09:00', to: '18:00' }])).toBeNull();
    expect(dayProblem([{ from: '22:00', to: '06:00' }])).toBeNull();
    expect(dayProblem([{ from: '09:00', to: '09:00' }])).toBe('sameTime');
    expect(
      dayProblem([
        { from: '09:00', to: '13:00' },
        { from: '12:00', to: '18:00' },
      ]),
    ).toBe('overlap');
    expect(dayProblem([{ from: '', to: '18:00' }])).toBe('badTime');
    expect(isOvernight({ from: '22:00', to: '06:00' })).toBe(true);
    expect(isOvernight({ from: '09:00', to: '18:00' })).toBe(false);
  });
});
