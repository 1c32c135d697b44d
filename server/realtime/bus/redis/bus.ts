import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ActivityNotice } from '../../../../contracts/activity';
import { ActivityFrame, RealtimeEventSchema, type EventEnvelope } from '../../../../contracts/events';
import type { ActivityHandler, BusHandler, EventBus } from '../bus';

/** While Redis stays unreachable, the warning is repeated this often (not at every reconnect attempt). */
const REPEAT_WARNING_MS = 60_000;

export interface RedisBusOptions {
  /**
   * The pub/sub channel (REDIS_CHANNEL). Pub/sub is global to a Redis server, not per database
   * number: deployments sharing one need their own channel.
   */
  channel: string;
  log?: Logger;
  clock?: () => number;
}

/**
 * Scaled-out bus: events published to one Redis channel; every process subscribes (the publisher
 * too, so there is one delivery path). Pub/sub is at most once: a message lost while a connection
 * is down is repaired by the hub, which reads gaps from the event log.
 *
 * It never blocks or fails the process on Redis: it connects in the background and keeps retrying
 * (ioredis's backoff, up to 2 s apart), logging a warning while Redis is unreachable. Meanwhile the
 * process's own events go straight to its handlers (its sockets stay live), nothing is queued for
 * Redis, and other processes' events reach sockets through the hub's reconcile with the event log.
 */
export class RedisBus implements EventBus {
  private readonly handlers = new Set<BusHandler>();
  private readonly activityHandlers = new Set<ActivityHandler>();
  private readonly pub: Redis;
  private readonly sub: Redis;
  /** The pub/sub channel, REDIS_CHANNEL. */
  readonly channel: string;
  private readonly log: Logger | undefined;
  private readonly clock: () => number;
  /** The subscription is in place: what this process publishes comes back to it through Redis. */
  private subscribed = false;
  private closing = false;
  private everConnected = false;
  /** When the last "unreachable" warning was logged; null while Redis is up (or before the first trouble). */
  private warnedAt: number | null = null;

  constructor(
    private readonly url: string,
    options: RedisBusOptions,
  ) {
    this.channel = options.channel;
    this.log = options.log;
    this.clock = options.clock ?? Date.now;
    // No offline queue for publishing: an event Redis cannot take now is not worth sending later
    // (the event log has it); without one, a publish while down fails at once instead of piling up.
    this.pub = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.sub = new Redis(url);
    for (const [name, conn] of [
      ['publish', this.pub],
      ['subscribe', this.sub],
    ] as const) {
      // Without an error listener ioredis prints every failed attempt; `trouble` logs once in a while.
      conn.on('error', (err: Error) => this.trouble(name, err));
      conn.on('close', () => this.trouble(name));
      conn.on('ready', () => this.settle());
    }
    this.sub.on('close', () => {
      this.subscribed = false;
    });
    // On every (re)connection: ioredis resubscribes by itself, but only the reply to our own
    // SUBSCRIBE says the subscription is really in place.
    this.sub.on('ready', () => {
      this.sub.subscribe(this.channel).then(
        () => {
          this.subscribed = true;
          this.settle();
        },
        (err: unknown) => this.trouble('subscribe', err),
      );
    });
    this.sub.on('message', (_channel: string, raw: string) => {
      const msg = parse(raw);
      if (!msg) {
        this.log?.warn({ channel: this.channel }, 'redis bus: ignored a malformed message');
        return;
      }
      if ('a' in msg) this.dispatchActivity(msg.b, msg.a);
      else this.dispatch(msg.b, msg.e);
    });
  }

  /** Both connections are up and the channel is subscribed; false while Redis is unreachable. */
  get link(): 'connected' | 'unreachable' {
    return this.connected ? 'connected' : 'unreachable';
  }

  get connected(): boolean {
    return this.subscribed && this.pub.status === 'ready';
  }

  publish(businessId: number, events: EventEnvelope[]): void {
    // Not subscribed: the message would not come back to this process, so hand it over here (the
    // hub ignores a seq it has already delivered, should Redis deliver it too).
    if (!this.subscribed) this.dispatch(businessId, events);
    if (this.pub.status !== 'ready') return; // other processes read it from the event log
    this.pub.publish(this.channel, JSON.stringify({ b: businessId, e: events })).catch((err: unknown) => {
      this.log?.warn({ err, businessId, seqs: events.map((e) => e.seq) }, 'redis bus publish failed; receivers repair from the log');
    });
  }

  subscribe(handler: BusHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  publishActivity(businessId: number, notice: ActivityNotice): void {
    // As publish: straight to this process's handlers while the subscription is down. Nothing repairs a
    // lost one, and nothing needs to: the browser repeats `viewing` and `typing`, and both expire.
    if (!this.subscribed) this.dispatchActivity(businessId, notice);
    if (this.pub.status !== 'ready') return;
    this.pub.publish(this.channel, JSON.stringify({ b: businessId, a: notice })).catch((err: unknown) => {
      this.log?.debug({ err, businessId }, 'redis bus: activity not published');
    });
  }

  subscribeActivity(handler: ActivityHandler): () => void {
    this.activityHandlers.add(handler);
    return () => this.activityHandlers.delete(handler);
  }

  async close(): Promise<void> {
    this.closing = true;
    this.handlers.clear();
    this.activityHandlers.clear();
    this.sub.disconnect();
    this.pub.disconnect();
  }

  private dispatch(businessId: number, events: EventEnvelope[]): void {
    for (const h of this.handlers) {
      try {
        h(businessId, events);
      } catch (err) {
        // One failing receiver must not starve the others or break the subscription.
        this.log?.error({ err }, 'redis bus handler failed');
      }
    }
  }

  private dispatchActivity(businessId: number, notice: ActivityNotice): void {
    for (const h of this.activityHandlers) {
      try {
        h(businessId, notice);
      } catch (err) {
        this.log?.error({ err }, 'redis bus activity handler failed');
      }
    }
  }

  private trouble(connection: 'publish' | 'subscribe', err?: unknown): void {
    if (this.closing) return;
    const now = this.clock();
    if (this.warnedAt !== null && now - this.warnedAt < REPEAT_WARNING_MS) return;
    this.warnedAt = now;
    this.log?.warn({ err, connection, redis: redact(this.url) }, 'redis bus: Redis is unreachable, retrying; sockets catch up from the event log meanwhile');
  }

  private settle(): void {
    if (!this.connected) return;
    if (!this.everConnected || this.warnedAt !== null) {
      this.log?.info({ redis: redact(this.url), channel: this.channel }, this.everConnected ? 'redis bus: Redis is back' : 'redis bus: connected');
    }
    this.everConnected = true;
    this.warnedAt = null;
  }
}

/** The Redis bus for a URL; it connects in the background and never fails for want of Redis. */
export function createRedisBus(url: string, options: RedisBusOptions): RedisBus {
  return new RedisBus(url, options);
}

/** What a process publishes: a business id and its events, each as the event map says. */
const BusMessage = z.object({ b: z.number().int(), e: z.array(RealtimeEventSchema) });
/** An operator's activity in a dialog (presence), as the other operators' sockets get it. */
const ActivityMessage = z.object({ b: z.number().int(), a: ActivityFrame });

function parse(raw: string): { b: number; e: EventEnvelope[] } | { b: number; a: ActivityNotice } | null {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof json === 'object' && json !== null && 'a' in json) {
    const a = ActivityMessage.safeParse(json);
    return a.success ? a.data : null;
  }
  const m = BusMessage.safeParse(json);
  // RealtimeEventSchema checked each event's data against its type; its static type only knows `type`.
  return m.success ? { b: m.data.b, e: m.data.e as EventEnvelope[] } : null;
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
