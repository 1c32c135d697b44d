import type { ActivityNotice } from '../../contracts/activity';
import type { EventEnvelope, ServerFrame } from '../../contracts/events';
import type { Logger } from 'pino';
import type { Actor } from '../shared/actor';
import type { Executor } from '../storage/db';
import type { Backlog } from './backlog';
import { latestSeqs } from './realtime.repo';
import { canSee, canSeeActivity } from './realtime.policy';
import { CLOSE_CODES } from '../../contracts/events';

/** What the hub needs of a WebSocket (the `ws` server socket fits; tests pass fakes). */
export interface HubSocket {
  readonly bufferedAmount: number;
  send(data: Buffer, options: { binary: boolean }, cb?: (err?: Error) => void): void;
  ping(): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: 'close' | 'pong', listener: () => void): unknown;
}

/** Close codes the client acts on: both mean "reconnect with since=<last seq you got>". */
export const CLOSE_SLOW_CONSUMER = CLOSE_CODES.tooSlow;
export const CLOSE_LOST_TRACK = CLOSE_CODES.lostTrack;

/** An event serialized once, shared by every socket of the business. */
export interface Frame {
  event: EventEnvelope;
  bytes: Buffer;
}

export function encodeEvent(e: EventEnvelope): Frame {
  // Only the envelope's four fields go out, whatever else a bus message carried.
  return { event: e, bytes: Buffer.from(JSON.stringify({ seq: e.seq, type: e.type, data: e.data, at: e.at })) };
}

/** An operator's activity, serialized once for every socket of the business that may see it. */
export function encodeActivity(n: ActivityNotice): Buffer {
  // Field by field: whatever else a bus message carried stays out.
  const { type, leadId, userId, name, activity, note, connection, ttlMs } = n;
  return Buffer.from(JSON.stringify({ type, leadId, userId, name, activity, ...(note ? { note } : {}), connection, ttlMs }));
}

export interface SubscriberLimits {
  /** Bytes a socket may have queued (or, while catching up, held back) before it is closed. */
  maxBufferedBytes: number;
}

/**
 * One socket's stream. Guarantees the client sees hello first, then every visible event with
 * seq > since exactly once and in order, then live events; or hello, resync and live events.
 */
export class Subscriber {
  /** joining: waits for its start point; catching-up: holds live events back while the backlog is sent. */
  state: 'joining' | 'catching-up' | 'live' | 'closed' = 'joining';
  /** Highest seq already sent (or skipped as invisible): anything at or below it is a duplicate. */
  sent = 0;
  /** Cleared on each ping, set on pong; a socket still false at the next sweep is dead. */
  alive = true;
  private pending: Frame[] = [];
  private pendingBytes = 0;

  constructor(
    readonly socket: HubSocket,
    readonly actor: Actor,
    readonly since: number | null,
    private readonly limits: SubscriberLimits,
    private readonly onGone: (s: Subscriber) => void,
  ) {}

  get businessId(): number {
    return this.actor.businessId;
  }

  /**
   * Called by the hub, in its per-business order, with `start` = the last seq it delivered: every
   * later event reaches `push`, so the backlog only has to cover (since, start].
   */
  begin(start: number, source: { db: Executor; backlog: Backlog }, log: Logger): void {
    if (this.state !== 'joining') return;
    this.frame({ type: 'hello', seq: start, userId: this.actor.kind === 'user' ? this.actor.userId : null });
    if (this.since === null || this.since === start) {
      this.sent = start;
      this.state = 'live';
      return;
    }
    this.sent = this.since;
    this.state = 'catching-up';
    this.catchUp(source, start).catch((err: unknown) => {
      log.warn({ err, businessId: this.businessId }, 'realtime catch-up failed');
      this.close(1011, 'catch-up failed: reconnect with since');
    });
  }

  /** A live event from the hub, in seq order. */
  push(f: Frame): void {
    if (this.state === 'joining' || this.state === 'closed') return;
    if (!canSee(this.actor, this.businessId, f.event)) return;
    if (this.state === 'catching-up') {
      this.pending.push(f);
      this.pendingBytes += f.bytes.length;
      if (this.pendingBytes > this.limits.maxBufferedBytes) this.close(CLOSE_SLOW_CONSUMER, 'too far behind: reconnect with since');
      return;
    }
    if (f.event.seq <= this.sent) return;
    this.sent = f.event.seq;
    this.write(f.bytes);
  }

  /**
   * Another operator's activity: sent at once, outside the seq order (it has no seq and is never
   * replayed), but only after hello, and only if this actor may see it.
   */
  notify(notice: ActivityNotice, bytes: Buffer): void {
    if (this.state !== 'live' && this.state !== 'catching-up') return;
    if (!canSeeActivity(this.actor, this.businessId, notice)) return;
    this.write(bytes);
  }

  /** Closes from our side; the client is expected to reconnect with since. */
  close(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.gone();
    try {
      this.socket.close(code, reason);
    } catch {
      this.socket.terminate();
    }
  }

  /** The socket went away (closed by the peer, terminated, errored). */
  gone(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.pending = [];
    this.onGone(this);
  }

  private async catchUp({ db, backlog }: { db: Executor; backlog: Backlog }, start: number): Promise<void> {
    const since = this.since ?? start;
    if (since > start) {
      // Ahead of this process (its bus lags behind another's) is fine; ahead of the database means
      // the client's seq belongs to something else (a reset database): it must reload.
      const latest = (await latestSeqs(db, [this.businessId])).get(this.businessId) ?? 0;
      if (since > latest) this.resync(start);
    }
    let cursor = since;
    while (cursor < start && this.state === 'catching-up') {
      // Shared by every socket of the business: read and encoded once (see backlog.ts).
      const page = await backlog.read(cursor, start);
      if (this.state !== 'catching-up') return;
      if (!isContiguous(page, cursor)) {
        // The retention job pruned what the client missed: it reloads state over REST.
        this.resync(start);
        break;
      }
      for (const f of page) {
        cursor = f.event.seq;
        this.sent = f.event.seq;
        if (canSee(this.actor, this.businessId, f.event)) await this.writeBacklog(f.bytes);
        if (this.state !== 'catching-up') return;
      }
    }
    // Synchronous from here on: no live event can slip in between the backlog and the buffer.
    for (const f of this.pending) {
      if (this.state !== 'catching-up') return;
      if (f.event.seq <= this.sent) continue;
      this.sent = f.event.seq;
      this.write(f.bytes);
    }
    this.pending = [];
    this.pendingBytes = 0;
    if (this.state === 'catching-up') this.state = 'live';
  }

  private resync(start: number): void {
    this.frame({ type: 'resync', seq: start });
    this.sent = start;
  }

  private frame(f: ServerFrame | { type: 'hello'; seq: number; userId: null }): void {
    this.write(Buffer.from(JSON.stringify(f)));
  }

  private write(bytes: Buffer, cb?: (err?: Error) => void): void {
    this.socket.send(bytes, { binary: false }, cb);
    // Never queue without bound for a client that does not read.
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.close(CLOSE_SLOW_CONSUMER, 'slow consumer: reconnect with since');
    }
  }

  /** Backlog pages are paced by the socket: past a quarter of the bound, wait until it drains. */
  private async writeBacklog(bytes: Buffer): Promise<void> {
    if (this.socket.bufferedAmount < this.limits.maxBufferedBytes / 4) {
      this.write(bytes);
      return;
    }
    await new Promise<void>((resolve) => this.write(bytes, () => resolve()));
  }
}

function isContiguous(page: Frame[], after: number): boolean {
  return page.length > 0 && page.every((f, i) => f.event.seq === after + 1 + i);
}
