import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RealtimeEvent } from '@contracts/events';
import { changesMonitor, throttle } from './monitor';

describe('the monitor refresh throttle', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('fires at once after quiet, folds a burst into one trailing fire a second later, never twice a second', () => {
    const fire = vi.fn();
    const refresh = throttle(fire, 1000);
    refresh();
    vi.advanceTimersByTime(0);
    expect(fire).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(30);
      refresh();
    }
    expect(fire).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000 - 600 - 1);
    expect(fire).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(fire).toHaveBeenCalledTimes(2); // the trailing fire at 1000 ms carries the whole burst
    vi.advanceTimersByTime(5000);
    expect(fire).toHaveBeenCalledTimes(2);
    refresh();
    vi.advanceTimersByTime(0);
    expect(fire).toHaveBeenCalledTimes(3); // quiet for a while: at once again
  });
});

describe('which events change the monitor', () => {
  const message = (author: string, internal: boolean) =>
    ({ type: 'message.created', data: { message: { author, internal }, row: {} } }) as unknown as RealtimeEvent;
  const of = (type: string) => ({ type, data: {} }) as unknown as RealtimeEvent;

  it('refreshes on dialogs, statuses, limits and missed targets, and on what leads and operators write, not on notes or bots', () => {
    for (const t of ['dialog.created', 'dialog.assigned', 'dialog.changed', 'dialog.sla_breached', 'operator.status', 'operator.capacity'])
      expect(changesMonitor(of(t)), t).toBe(true);
    expect(changesMonitor(message('lead', false))).toBe(true);
    expect(changesMonitor(message('operator', false))).toBe(true);
    expect(changesMonitor(message('operator', true))).toBe(false);
    expect(changesMonitor(message('bot', false))).toBe(false);
    for (const t of ['lead.created', 'unread.changed', 'quick_replies.changed', 'message.updated']) expect(changesMonitor(of(t)), t).toBe(false);
  });
});
