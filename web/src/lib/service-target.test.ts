import { describe, expect, it } from 'vitest';
import { clock, serviceState } from './service-target';

const d = (o: Partial<Parameters<typeof serviceState>[0] & object> = {}) => ({
  state: 'waiting' as const,
  firstResponseDueAt: null,
  nextResponseDueAt: null,
  breached: [],
  ...o,
});

describe('a dialog’s service target in the workspace', () => {
  it('shows the soonest running target, overdue once the server flags it or the clock passes it', () => {
    expect(serviceState(d(), 0)).toBeNull();
    expect(serviceState(d({ firstResponseDueAt: 60_000 }), 10_000)).toEqual({ target: 'first_response', dueAt: 60_000, overdue: false });
    expect(serviceState(d({ firstResponseDueAt: 60_000 }), 60_000)?.overdue).toBe(true);
    expect(serviceState(d({ state: 'active', firstResponseDueAt: 60_000, breached: ['first_response'] }), 1)?.overdue).toBe(true);
    expect(serviceState(d({ state: 'active', nextResponseDueAt: 90_000, firstResponseDueAt: 120_000 }), 0)?.target).toBe('next_response');
    expect(serviceState(d({ state: 'closed', firstResponseDueAt: 1 }), 5)).toBeNull();
  });
  it('formats a countdown', () => {
    expect(clock(42_000)).toBe('0:42');
    expect(clock(12 * 60_000 + 5_000)).toBe('12:05');
    expect(clock(3_725_000)).toBe('1:02:05');
    expect(clock(-5)).toBe('0:00');
  });
});
