import type { ActivityHandler, BusHandler, EventBus } from '../bus';

/** The embedded bus: one process, handlers called synchronously in publish order. */
export function createMemoryBus(): EventBus {
  const handlers = new Set<BusHandler>();
  const activity = new Set<ActivityHandler>();
  return {
    publish(businessId, events) {
      for (const h of handlers) h(businessId, events);
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    publishActivity(businessId, notice) {
      for (const h of activity) h(businessId, notice);
    },
    subscribeActivity(handler) {
      activity.add(handler);
      return () => activity.delete(handler);
    },
    async close() {
      handlers.clear();
      activity.clear();
    },
  };
}
