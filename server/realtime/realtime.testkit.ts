// Test helpers for the realtime tests: a fake hub socket, a real `ws` client that records frames,
// and an event producer. Not a test file itself.
import net from 'node:net';
import WebSocket from 'ws';
import type { AppContext } from '../context';
import { commit } from './commit';
import { event } from './events';
import type { HubSocket } from './subscriber';

// Frames as parsed JSON: events ({seq,type,data,at}), control frames ({type:'hello'|'resync',seq}) and
// the unnumbered ones (activity, error; their fields are checked by the tests that expect them).
export type AnyFrame = { type: string; seq: number; data?: unknown; at?: number; userId?: number | null };

const isEventFrame = (f: AnyFrame) => !['hello', 'resync', 'activity', 'error'].includes(f.type);

/** Commits `count` events in `batches` transactions (each a `operator.status` event); returns their seqs. */
export async function produce(ctx: AppContext, businessId: number, count: number, perCommit = 1): Promise<number[]> {
  const seqs: number[] = [];
  for (let i = 0; i < count; i += perCommit) {
    const n = Math.min(perCommit, count - i);
    const out = await commit(ctx, businessId, async () => ({
      result: null,
      events: Array.from({ length: n }, (_, k) => event('operator.status', { userId: i + k + 1, status: 'online' })),
    }));
    seqs.push(...out.events.map((e) => e.seq));
  }
  return seqs;
}

/** Polls until `check` holds or the time is up (then throws with `what`). */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A real WebSocket client that records every frame it receives. */
export class TestClient {
  readonly frames: AnyFrame[] = [];
  closed: { code: number; reason: string } | null = null;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw) => this.frames.push(JSON.parse(String(raw)) as AnyFrame));
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
    });
  }

  /** Opens a socket; resolves once open, or rejects with the HTTP status of a refused upgrade. */
  static open(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      const client = new TestClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += String(c);
        });
        res.on('end', () => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode, body })));
      });
      ws.once('error', reject);
    });
  }

  /** Event frames only (not hello / resync, nor the unnumbered activity and error frames). */
  get events(): AnyFrame[] {
    return this.frames.filter(isEventFrame);
  }

  get lastSeq(): number {
    return this.events.at(-1)?.seq ?? this.frames.find((f) => f.type === 'hello')?.seq ?? 0;
  }

  async waitForFrames(n: number, timeoutMs?: number): Promise<void> {
    await until(() => this.frames.length >= n, `${n} frames (have ${this.frames.length})`, timeoutMs);
  }

  async waitForSeq(seq: number, timeoutMs?: number): Promise<void> {
    await until(() => this.events.some((f) => f.seq >= seq), `seq ${seq} (last ${this.lastSeq})`, timeoutMs);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const done = new Promise((r) => this.ws.once('close', r));
    this.ws.close();
    await done;
  }
}

/** A socket the test drives: it records frames and can hold send callbacks to stall a backlog. */
export class FakeSocket implements HubSocket {
  bufferedAmount = 0;
  readonly frames: AnyFrame[] = [];
  closedWith: { code: number | undefined; reason: string | undefined } | null = null;
  terminated = false;
  /** Answer pings (a live client) or not (a dead one). */
  answersPings = true;
  /** Hold send callbacks until `release()`: the socket looks stuck to a pacing sender. */
  holdCallbacks = false;
  private held: (() => void)[] = [];
  private listeners: Record<'close' | 'pong', (() => void)[]> = { close: [], pong: [] };

  send(data: Buffer, _options: { binary: boolean }, cb?: (err?: Error) => void): void {
    if (this.closedWith || this.terminated) {
      if (cb) queueMicrotask(() => cb(new Error('closed')));
      return;
    }
    this.frames.push(JSON.parse(data.toString('utf8')) as AnyFrame);
    if (!cb) return;
    if (this.holdCallbacks) this.held.push(() => cb());
    else queueMicrotask(() => cb());
  }

  release(): void {
    this.holdCallbacks = false;
    for (const cb of this.held.splice(0)) cb();
  }

  ping(): void {
    if (this.answersPings) queueMicrotask(() => this.emit('pong'));
  }

  close(code?: number, reason?: string): void {
    if (this.closedWith) return;
    this.closedWith = { code, reason };
    queueMicrotask(() => this.emit('close'));
  }

  terminate(): void {
    if (this.terminated) return;
    this.terminated = true;
    queueMicrotask(() => this.emit('close'));
  }

  on(event: 'close' | 'pong', listener: () => void): this {
    this.listeners[event].push(listener);
    return this;
  }

  get events(): AnyFrame[] {
    return this.frames.filter(isEventFrame);
  }

  private emit(event: 'close' | 'pong'): void {
    for (const l of this.listeners[event]) l();
  }
}

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Whether the test Redis answers. Unreachable skips the Redis tests with a message on a developer
 * machine, but fails in CI, where the Redis path must really run.
 */
export async function redisReachable(): Promise<boolean> {
  const { hostname, port } = new URL(TEST_REDIS_URL);
  const ok = await new Promise<boolean>((resolve) => {
    const s = net.connect({ host: hostname, port: Number(port || 6379), timeout: 1500 });
    s.once('connect', () => {
      s.end('PING\r\n');
      s.once('data', (d) => {
        s.destroy();
        resolve(String(d).startsWith('+PONG'));
      });
    });
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(false));
  });
  if (!ok) {
    if (process.env.CI === 'true') throw new Error(`Redis is required in CI but ${TEST_REDIS_URL} is unreachable`);
    console.warn(`[metadesk tests] Redis not reachable at ${TEST_REDIS_URL}: Redis tests are skipped`);
  }
  return ok;
}
