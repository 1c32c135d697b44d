import { Redis } from 'ioredis';
import type { BusHandler, EventBus } from '../bus';

const CHANNEL = 'metadesk:events';

/** Scaled-out bus: events published to one Redis channel; every process subscribes. */
export async function createRedisBus(url: string): Promise<EventBus> {
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const sub = new Redis(url, { lazyConnect: true });
  await Promise.all([pub.connect(), sub.connect()]);
  const handlers = new Set<BusHandler>();
  sub.on('message', (_channel: string, raw: string) => {
    const { b, e } = JSON.parse(raw) as { b: number; e: Parameters<BusHandler>[1] };
    for (const h of handlers) h(b, e);
  });
  await sub.subscribe(CHANNEL);
  return {
    publish(businessId, events) {
      // A lost publish is repaired by receivers reading the gap from the event log.
      void pub.publish(CHANNEL, JSON.stringify({ b: businessId, e: events })).catch(() => undefined);
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async close() {
      handlers.clear();
      sub.disconnect();
      pub.disconnect();
    },
  };
}
