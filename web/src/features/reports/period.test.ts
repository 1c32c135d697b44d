import { describe, expect, it } from 'vitest';
import { periodProblem, presetPeriod } from './period';

describe('report periods', () => {
  const today = new Date(2026, 11, 6, 15, 30);
  it('counts presets back from today, both ends included', () => {
    expect(presetPeriod('today', today)).toEqual({ from: '2026-12-06', to: '2026-12-06' });
    expect(presetPeriod('yesterday', today)).toEqual({ from: '2026-12-05', to: '2026-12-05' });
    expect(presetPeriod('week', today)).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(presetPeriod('month', new Date(2026, 2, 1))).toEqual({ from: '2026-01-31', to: '2026-03-01' });
  });
  it('says what is wrong with a period', () => {
    expect(periodProblem('2026-12-01', '2026-12-01')).toBeNull();
    expect(periodProblem('', '2026-12-01')).toBe('reports.needDates');
    expect(periodProblem('2026-12-02', '2026-12-01')).toBe('reports.badPeriod');
    expect(periodProblem('2025-01-01', '2026-12-01')).toBe('reports.tooLong');
  });
});
