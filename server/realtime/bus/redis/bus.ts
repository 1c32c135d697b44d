import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { EventEnvelope } from '../../../../contracts/events';
import type { BusHandler, EventBus } from '../bus';

/** Redis pub/sub is global to the server (not per database number): deployments sharing one need their own channel. */
export const DEFAULT_CHANNEL = 'metadesk:events';

export interface RedisBusOptions {
  channel?: string;
  log?: Logger;
}

/**
 * Scaled-out bus: events published to one Redis channel; every process subscribes (the publisher
 * too, so there is one delivery path). Pub/sub is at most once: a message lost while a connection
 * is down is repaired by the hub, which reads gaps from the event log.
 */
export async function createRedisBus(url: string, options: RedisBusOptions = {}): Promise<EventBus> {
  const channel = options.channel ?? DEFAULT_CHANNEL;
  const log = options.log;
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const sub = new Redis(url, { lazyConnect: true });
  // Without listeners ioredis prints every reconnect failure; the log says it once per error instead.
  pub.on('error', (err: Error) => log?.warn({ err }, 'redis bus (publish) error'));
  sub.on('error', (err: Error) => log?.warn({ err }, 'redis bus (subscribe) error'));
  try {
    await Promise.all([pub.connect(), sub.connect()]);
  } catch (err) {
    pub.disconnect();
    sub.disconnect();
    throw new Error(`Redis at ${redact(url)} is unreachable: ${String(err)}`, { cause: err });
  }
  const handlers = new Set<BusHandler>();
  sub.on('message', (_channel: string, raw: string) => {
    const msg = parse(raw);
    if (!msg) {
      log?.warn({ channel }, 'redis bus: ignored a malformed message');
      return;
    }
    for (const h of handlers) {
      try {
        h(msg.b, msg.e);
      } catch (err) {
        // One failing receiver must not starve the others or break the subscription.
        log?.error({ err }, 'redis bus handler failed');
      }
    }
  });
  await sub.subscribe(channel);
  return {
    publish(businessId, events) {
      pub.publish(channel, JSON.stringify({ b: businessId, e: events })).catch((err: unknown) => {
        log?.warn({ err, businessId, seqs: events.map((e) => e.seq) }, 'redis bus publish failed; receivers repair from the log');
      });
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

function parse(raw: string): { b: number; e: EventEnvelope[] } | null {
  try {
    const m = JSON.parse(raw) as { b?: unknown; e?: unknown };
    if (!Number.isInteger(m.b) || !Array.isArray(m.e)) return null;
    if (!m.e.every((e: { seq?: unknown; type?: unknown }) => Number.isInteger(e?.seq) && typeof e?.type === 'string')) return null;
    return { b: m.b as number, e: m.e as EventEnvelope[] };
  } catch {
    return null;
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
