import type { BusHandler, EventBus } from '../bus';

/** The embedded bus: one process, handlers called synchronously in publish order. */
export function createMemoryBus(): EventBus {
  const handlers = new Set<BusHandler>();
  return {
    publish(businessId, events) {
      for (const h of handlers) h(businessId, events);
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async close() {
      handlers.clear();
    },
  };
}
