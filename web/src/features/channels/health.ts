// What a channel's health says at a glance (pure: the list's badge and the details' headline).
import type { ChannelKind } from '@contracts/inbox';
import type { ChannelHealth } from '@contracts/channels';

/**
 * failing: messages do not get through now; waiting: queued, not tried yet; ok: the last one got
 * through; quiet: nothing sent lately; live: a widget, whose visitors read their messages over their
 * own connection, so there are no deliveries to follow.
 */
export type HealthState = 'failing' | 'waiting' | 'ok' | 'quiet' | 'live';

export function healthState(kind: ChannelKind, h: ChannelHealth): HealthState {
  if (kind === 'widget') return 'live';
  if (h.failing > 0) return 'failing';
  if (h.waiting > 0) return 'waiting';
  return h.lastDeliveredAt !== null ? 'ok' : 'quiet';
}
