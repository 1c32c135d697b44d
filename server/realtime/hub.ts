import type { Logger } from 'pino';
import { CLOSE_CODES, type EventEnvelope } from '../../contracts/events';
import type { Actor } from '../shared/actor';
import type { Db } from '../storage/db';
import type { EventBus } from './bus/bus';
import { Backlog } from './backlog';
import { listEventsSince } from './event-log.repo';
import { latestSeqs } from './realtime.repo';
import { CLOSE_LOST_TRACK, encodeActivity, encodeEvent, Subscriber, type Frame, type HubSocket } from './subscriber';

export interface HubDeps {
  db: Db;
  bus: EventBus;
  log: Logger;
}

export interface HubOptions {
  /** Events per event-log query, for backlogs and gap fills. */
  pageSize?: number;
  /** A socket with more queued than this is closed with 4008 (it reconnects and catches up). */
  maxBufferedBytes?: number;
  /** Ping period; a socket that did not answer the previous ping is terminated. */
  pingIntervalMs?: number;
  /** How often the delivered seq of each business is checked against the database. */
  reconcileIntervalMs?: number;
  /** Clock of the shared backlog's idle pages (tests move it). */
  now?: () => number;
}

export interface Hub {
  /** Streams the actor's business to the socket: hello, then backlog after `since` (or resync), then live. */
  connect(socket: HubSocket, actor: Actor, since: number | null): void;
  /** Open sockets. */
  readonly size: number;
  /** Closes every socket (1001) and stops listening to the bus. */
  close(): Promise<void>;
}

/** One business's fan-out: `last` is the highest seq delivered, everything up to it in order. */
interface Stream {
  businessId: number;
  subscribers: Set<Subscriber>;
  /** Recent events encoded once for the sockets catching up. */
  backlog: Backlog;
  last: number;
  ready: boolean;
  /** Steps for this business run one at a time: deliveries, gap fills and subscriber starts. */
  tail: Promise<void>;
}

/**
 * The realtime hub, one per process. It listens to the bus once and fans out per business. The bus
 * may reorder, repeat or lose messages across processes, so per business it delivers strictly
 * last+1, last+2, …: older seqs are dropped, and a gap is read from the event log (the source of
 * truth) before anything after it. A periodic check repairs a lost message even if no event follows.
 */
export function createHub(deps: HubDeps, options: HubOptions = {}): Hub {
  const pageSize = options.pageSize ?? 500;
  const limits = { maxBufferedBytes: options.maxBufferedBytes ?? 4 * 1024 * 1024 };
  // A minute of idle pages, at most 4 × 500 events per business: a reconnect wave's working set.
  const backlogOptions = { pageSize, idleMs: 60_000, maxPages: 4, now: options.now ?? Date.now };
  const streams = new Map<number, Stream>();
  const all = new Set<Subscriber>();
  let closed = false;

  function enqueue(s: Stream, step: () => void | Promise<void>): void {
    s.tail = s.tail.then(step).catch((err: unknown) => deps.log.error({ err, businessId: s.businessId }, 'realtime delivery failed'));
  }

  function streamFor(businessId: number): Stream {
    const existing = streams.get(businessId);
    if (existing) return existing;
    const s: Stream = {
      businessId,
      subscribers: new Set(),
      backlog: new Backlog(deps.db, businessId, backlogOptions),
      last: 0,
      ready: false,
      tail: Promise.resolve(),
    };
    streams.set(businessId, s);
    // Committed events up to the current latest are history: a new stream starts after them.
    enqueue(s, async () => {
      s.last = (await latestSeqs(deps.db, [businessId])).get(businessId) ?? 0;
      s.ready = true;
    });
    return s;
  }

  function broadcast(s: Stream, f: Frame): void {
    s.last = f.event.seq;
    s.backlog.append(f);
    for (const sub of s.subscribers) sub.push(f);
    if (f.event.type === 'user.signed_out') {
      // A signed-out, disabled or re-passworded user's sockets must not keep streaming. Close them all:
      // sessions that are still valid (other tabs) reconnect with since and are let in again.
      const { userId } = f.event.data as { userId: number };
      for (const sub of s.subscribers) {
        if (sub.actor.kind === 'user' && sub.actor.userId === userId) sub.close(CLOSE_CODES.signedOut, 'signed out: sign in again');
      }
    }
  }

  /** Reads (last, target] from the log and delivers it in order. */
  async function fillTo(s: Stream, target: number): Promise<void> {
    while (s.last < target && s.subscribers.size > 0) {
      const page = await listEventsSince(deps.db, s.businessId, s.last, Math.min(pageSize, target - s.last));
      if (page.length === 0) return;
      for (const e of page) {
        if (e.seq !== s.last + 1) {
          // Missed events were already pruned: this process cannot make its sockets whole, so they
          // reconnect and the catch-up path tells each client to reload.
          deps.log.warn({ businessId: s.businessId, from: s.last, to: e.seq }, 'realtime gap no longer in the event log');
          s.last = e.seq - 1;
          for (const sub of s.subscribers) sub.close(CLOSE_LOST_TRACK, 'lost track: reconnect with since');
        }
        broadcast(s, encodeEvent(e));
      }
    }
  }

  async function deliver(s: Stream, events: EventEnvelope[]): Promise<void> {
    if (!s.ready) return;
    const ordered = events.length > 1 ? [...events].sort((a, b) => a.seq - b.seq) : events;
    for (const e of ordered) {
      if (e.seq <= s.last) continue;
      if (e.seq === s.last + 1) {
        broadcast(s, encodeEvent(e));
        continue;
      }
      await fillTo(s, e.seq);
      if (s.last < e.seq && s.subscribers.size > 0) {
        // The log does not have it: not this database's event (a shared Redis channel?). The log wins.
        deps.log.warn({ businessId: s.businessId, seq: e.seq, last: s.last }, 'bus event not in the event log: dropped');
      }
    }
  }

  function remove(sub: Subscriber, s: Stream): void {
    all.delete(sub);
    s.subscribers.delete(sub);
    if (s.subscribers.size === 0 && streams.get(s.businessId) === s) streams.delete(s.businessId);
  }

  const unsubscribe = deps.bus.subscribe((businessId, events) => {
    const s = streams.get(businessId);
    if (s) enqueue(s, () => deliver(s, events));
  });
  // Operators' activity (presence) skips the seq order: nothing to order, nothing to catch up on.
  const unsubscribeActivity = deps.bus.subscribeActivity((businessId, notice) => {
    const s = streams.get(businessId);
    if (!s || s.subscribers.size === 0) return;
    const bytes = encodeActivity(notice);
    for (const sub of s.subscribers) sub.notify(notice, bytes);
  });

  const pinger = setInterval(() => {
    for (const sub of all) {
      if (!sub.alive) {
        sub.gone();
        sub.socket.terminate();
        continue;
      }
      sub.alive = false;
      try {
        sub.socket.ping();
      } catch {
        // Socket already closing; its close event removes it.
      }
    }
  }, options.pingIntervalMs ?? 30_000);
  pinger.unref();

  let reconciling = false;
  const reconciler = setInterval(() => {
    for (const s of streams.values()) s.backlog.sweep();
    if (reconciling || streams.size === 0) return;
    reconciling = true;
    const ready = [...streams.values()].filter((s) => s.ready);
    latestSeqs(
      deps.db,
      ready.map((s) => s.businessId),
    )
      .then((latest) => {
        for (const s of ready) {
          const seq = latest.get(s.businessId) ?? 0;
          if (seq > s.last) enqueue(s, () => fillTo(s, seq));
        }
      })
      .catch((err: unknown) => deps.log.warn({ err }, 'realtime reconcile failed'))
      .finally(() => {
        reconciling = false;
      });
  }, options.reconcileIntervalMs ?? 5_000);
  reconciler.unref();

  return {
    connect(socket, actor, since) {
      if (closed) {
        socket.close(1001, 'server shutting down');
        return;
      }
      const s = streamFor(actor.businessId);
      const sub = new Subscriber(socket, actor, since, limits, (x) => remove(x, s));
      s.subscribers.add(sub);
      all.add(sub);
      socket.on('close', () => sub.gone());
      socket.on('pong', () => {
        sub.alive = true;
      });
      // Queued behind the deliveries already in flight, so `last` is a clean cut: the backlog covers
      // up to it and every later event reaches this subscriber through push.
      enqueue(s, () => {
        if (sub.state === 'closed') return;
        if (!s.ready) sub.close(1011, 'realtime unavailable: reconnect');
        else sub.begin(s.last, { db: deps.db, backlog: s.backlog }, deps.log);
      });
    },
    get size() {
      return all.size;
    },
    async close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      unsubscribeActivity();
      clearInterval(pinger);
      clearInterval(reconciler);
      const sockets = [...all].map((sub) => sub.socket);
      for (const sub of [...all]) sub.close(1001, 'server shutting down');
      // Give clients a moment to answer the close handshake, then cut whoever did not.
      await new Promise((resolve) => setTimeout(resolve, sockets.length > 0 ? 200 : 0));
      for (const socket of sockets) socket.terminate();
    },
  };
}
