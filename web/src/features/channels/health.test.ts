import { describe, expect, it } from 'vitest';
import type { ChannelHealth } from '@contracts/channels';
import { healthState } from './health';

const quiet: ChannelHealth = { lastDeliveredAt: null, failing: 0, dead: 0, waiting: 0, lastError: null, telegram: null };

describe('healthState', () => {
  it('puts failing first, then waiting, then the last delivery', () => {
    expect(healthState('api', { ...quiet, failing: 1, waiting: 3, lastDeliveredAt: 5 })).toBe('failing');
    expect(healthState('api', { ...quiet, waiting: 3, lastDeliveredAt: 5 })).toBe('waiting');
    expect(healthState('telegram', { ...quiet, lastDeliveredAt: 5 })).toBe('ok');
    expect(healthState('api', quiet)).toBe('quiet');
  });
  it('follows no deliveries for a widget', () => {
    expect(healthState('widget', { ...quiet, waiting: 4 })).toBe('live');
  });
});
