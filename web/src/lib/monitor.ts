// The live monitor's query key and its refresh on realtime events. The key lives here, not in the
// monitor feature, because the app's realtime handlers invalidate it and features never import each other.
import type { QueryClient } from '@tanstack/react-query';
import type { RealtimeEvent } from '@contracts/events';

export const monitorKey = ['monitor'] as const;

/** At most one refetch per this many milliseconds, however many events arrive. */
export const MONITOR_REFRESH_MS = 1000;

/**
 * A trailing throttle: the first call after a quiet second fires at once, calls within the second
 * after a fire are folded into one more fire when that second ends. Never more than once per `ms`,
 * and the last change is never left out.
 */
export function throttle(fire: () => void, ms: number, clock: () => number = Date.now): () => void {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  return () => {
    if (timer !== null) return;
    timer = setTimeout(
      () => {
        timer = null;
        last = clock();
        fire();
      },
      Math.max(0, last + ms - clock()),
    );
  };
}

const refreshers = new WeakMap<QueryClient, () => void>();

/**
 * Something the monitor shows changed: refetch it if it is open (an unopened monitor is only marked
 * stale), throttled per query client.
 */
export function refreshMonitor(qc: QueryClient): void {
  let refresh = refreshers.get(qc);
  if (!refresh) {
    refresh = throttle(() => void qc.invalidateQueries({ queryKey: monitorKey }), MONITOR_REFRESH_MS);
    refreshers.set(qc, refresh);
  }
  refresh();
}

/** Events after which the monitor shows something else: queues, loads, replies, statuses, limits, missed targets. */
const CHANGING: ReadonlySet<RealtimeEvent['type']> = new Set([
  'dialog.created',
  'dialog.assigned',
  'dialog.changed',
  'dialog.sla_breached',
  'operator.status',
  'operator.capacity',
] as const);

/** Whether the event changes what the monitor shows (a message: one of a lead or an operator's reply, not a note). */
export function changesMonitor(e: RealtimeEvent): boolean {
  if (e.type === 'message.created') return !e.data.message.internal && (e.data.message.author === 'lead' || e.data.message.author === 'operator');
  return CHANGING.has(e.type);
}
