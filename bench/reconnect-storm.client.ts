// One operator socket of the reconnect-storm bench: it follows the realtime stream like the web app
// (web/src/lib/socket.ts) — remembers the last seq, and after any drop reconnects with `since` on the
// same back-off — and counts what it saw: gaps in the seq order, duplicates, resyncs.
import WebSocket from 'ws';

/** The web app's reconnect back-off (web/src/lib/socket.ts), reset by a hello. */
const BACKOFF_MS = [250, 500, 1000, 2000, 4000, 8000];
/** After a close with 1001 (the server restarting), steps stay at most this long for this many attempts, as in the web app. */
const RESTART_STEP_MS = 1000;
const RESTART_ATTEMPTS = 30;

/** Bounds the handshakes in flight from this process. */
export interface Limiter {
  acquire(): Promise<void>;
  release(): void;
}

/** `{"seq":` — every event frame starts so (subscriber.ts's encodeEvent); other frames are parsed. */
const EVENT_PREFIX = Buffer.from('{"seq":');

/** The seq of an event frame without parsing it all (10,000 sockets' frames pass here), or -1. */
function seqOf(b: Buffer): number {
  if (b.length <= EVENT_PREFIX.length || b.compare(EVENT_PREFIX, 0, EVENT_PREFIX.length, 0, EVENT_PREFIX.length) !== 0) return -1;
  let n = 0;
  for (let i = EVENT_PREFIX.length; i < b.length; i++) {
    const c = b[i]!;
    if (c < 48 || c > 57) break;
    n = n * 10 + c - 48;
  }
  return n;
}

interface Frame {
  type: string;
  seq?: number;
  data?: { message?: { author?: string; clientMessageId?: string | null } };
}

export class SocketClient {
  /** Handshake failures by message, over all sockets. */
  static readonly errors = new Map<string, number>();
  /** Last seq received; -1 before the first hello. */
  last = -1;
  open = false;
  gaps = 0;
  duplicates = 0;
  resyncs = 0;
  attempts = 0;
  /** When the socket was open on the new process and had every event the old one committed. */
  resumedAt: number | null = null;
  private target: number | null = null;
  private helloSinceTarget = false;
  private attempt = 0;
  /** The server closed with 1001 (restarting) and has not said hello since. */
  private restarting = false;
  private stopped = false;
  private ws: WebSocket | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly cookie: string,
    private readonly gate: Limiter,
    private readonly jitter: number,
    /** Watchers only: told of each lead message's arrival (clientMessageId, time). */
    private readonly onLeadMessage?: (clientMessageId: string, at: number) => void,
  ) {}

  start(): void {
    void this.connect();
  }

  /** The old process is gone having committed up to `target`: from now on, count when this socket is whole again. */
  expectAfterRestart(target: number): void {
    this.target = target;
    this.helloSinceTarget = false;
    this.resumedAt = null;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.ws?.terminate();
  }

  private async connect(): Promise<void> {
    await this.gate.acquire();
    let held = true;
    const release = () => {
      if (held) this.gate.release();
      held = false;
    };
    if (this.stopped) return release();
    this.attempts++;
    const ws = new WebSocket(this.last < 0 ? this.url : `${this.url}?since=${this.last}`, {
      headers: { cookie: this.cookie },
      perMessageDeflate: false,
      handshakeTimeout: 10_000,
    });
    this.ws = ws;
    ws.on('message', (raw: Buffer) => {
      const seq = seqOf(raw);
      if (seq >= 0) return this.event(seq, raw);
      const f = JSON.parse(raw.toString()) as Frame;
      if (f.type === 'hello') {
        release();
        this.open = true;
        this.attempt = 0;
        this.restarting = false;
        if (this.last < 0) this.last = f.seq ?? 0;
        if (this.target !== null) this.helloSinceTarget = true;
        this.checkResumed();
      } else if (f.type === 'resync') {
        // The server no longer had what we missed: a client would reload everything.
        this.resyncs++;
        this.gaps += Math.max(0, (f.seq ?? 0) - this.last);
        this.last = Math.max(this.last, f.seq ?? 0);
      }
    });
    ws.on('error', (err) => {
      const key = err.message.replace(/\d+\.\d+\.\d+\.\d+:\d+/, 'addr');
      SocketClient.errors.set(key, (SocketClient.errors.get(key) ?? 0) + 1);
    });
    ws.on('close', (code: number) => {
      release();
      this.open = false;
      if (this.ws === ws) this.ws = null;
      if (this.stopped) return;
      if (code === 1001) this.restarting = true;
      let base = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)]!;
      if (this.restarting && this.attempt < RESTART_ATTEMPTS) base = Math.min(base, RESTART_STEP_MS);
      this.attempt++;
      this.timer = setTimeout(() => void this.connect(), base * (1 - this.jitter / 2 + (this.jitter / 2) * Math.random()));
    });
  }

  private event(seq: number, raw: Buffer): void {
    if (seq <= this.last) {
      this.duplicates++;
      return;
    }
    if (this.last >= 0 && seq > this.last + 1) this.gaps += seq - this.last - 1;
    this.last = seq;
    if (this.onLeadMessage) {
      const m = (JSON.parse(raw.toString()) as Frame).data?.message;
      if (m?.author === 'lead' && m.clientMessageId?.startsWith('s-')) this.onLeadMessage(m.clientMessageId, performance.now());
    }
    this.checkResumed();
  }

  private checkResumed(): void {
    if (this.resumedAt === null && this.helloSinceTarget && this.target !== null && this.last >= this.target) this.resumedAt = performance.now();
  }
}
