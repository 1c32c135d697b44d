import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActivityNotice } from '@contracts/activity';
import type { RealtimeEvent } from '@contracts/events';
import { openSocket, type Connection, type SocketEnv } from './socket';

/** A stand-in for the browser's WebSocket: the test plays the server. */
class FakeSocket {
  static all: FakeSocket[] = [];
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  closed = false;
  /** Frames the app sent (strings); objects passed to send() are the server's, delivered to the app. */
  readonly sent: string[] = [];
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  close() {
    this.closed = true;
  }
  send(frame: object | string) {
    if (typeof frame === 'string') return void this.sent.push(frame);
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(code = 1006) {
    this.onclose?.({ code });
  }
}

const event = (seq: number): RealtimeEvent => ({ seq, type: 'unread.changed', data: { leadId: 1, unreadCount: seq }, at: seq });

describe('the realtime socket', () => {
  let got: number[];
  let connection: Connection[];
  let resyncs: number;
  let signedOut: number;
  let activity: ActivityNotice[];
  // random() at its top: each retry waits its whole back-off step (the jitter has its own test).
  const env = {
    WebSocket: FakeSocket,
    window: { addEventListener() {}, removeEventListener() {} },
    url: 'ws://app/api/v1/realtime',
    random: () => 1,
  } as unknown as SocketEnv;
  const open = () =>
    openSocket(
      {
        onEvent: (e) => got.push(e.seq),
        onResync: () => resyncs++,
        onSignedOut: () => signedOut++,
        onConnection: (c) => connection.push(c),
        onActivity: (n) => activity.push(n),
      },
      env,
    );
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.all = [];
    got = [];
    connection = [];
    resyncs = 0;
    signedOut = 0;
    activity = [];
  });
  afterEach(() => vi.useRealTimers());

  it('resumes after a drop from the last seq it applied, and never applies an event twice', () => {
    const s = open();
    const first = FakeSocket.all[0]!;
    expect(first.url).toBe('ws://app/api/v1/realtime');
    first.send({ type: 'hello', seq: 10, userId: 1 });
    first.send(event(11));
    first.send(event(12));
    first.drop();
    expect(connection.at(-1)).toBe('down');
    vi.advanceTimersByTime(250);
    const second = FakeSocket.all[1]!;
    expect(second.url).toBe('ws://app/api/v1/realtime?since=12');
    second.send({ type: 'hello', seq: 14, userId: 1 });
    second.send(event(12)); // already applied
    second.send(event(13));
    second.send(event(14));
    expect(got).toEqual([11, 12, 13, 14]);
    // Reloaded once, when it first began listening; a resume replays instead.
    expect(resyncs).toBe(1);
    expect(connection.at(-1)).toBe('open');
    expect(s.seq).toBe(14);
    s.close();
    expect(second.closed).toBe(true);
  });

  it('backs off while the server stays away, and starts over once it is back', () => {
    open();
    FakeSocket.all[0]!.drop();
    vi.advanceTimersByTime(250);
    FakeSocket.all[1]!.drop();
    vi.advanceTimersByTime(499);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(3);
    FakeSocket.all[2]!.send({ type: 'hello', seq: 1, userId: 1 });
    FakeSocket.all[2]!.drop();
    vi.advanceTimersByTime(250);
    expect(FakeSocket.all).toHaveLength(4);
  });

  it('retries at most a second apart after the server said it was restarting (1001), then backs off as usual', () => {
    open();
    FakeSocket.all[0]!.send({ type: 'hello', seq: 1, userId: 1 });
    FakeSocket.all[0]!.drop(1001);
    /** Waits `step` ms and expects exactly one new connect attempt at its end. */
    const retriesAfter = (step: number) => {
      const before = FakeSocket.all.length;
      vi.advanceTimersByTime(step - 1);
      expect(FakeSocket.all).toHaveLength(before);
      vi.advanceTimersByTime(1);
      expect(FakeSocket.all).toHaveLength(before + 1);
    };
    // The new process is not listening yet: refused connects (1006) keep the steps short.
    for (const step of [250, 500, 1000, 1000, 1000]) {
      retriesAfter(step);
      FakeSocket.all.at(-1)!.drop();
    }
    retriesAfter(1000);
    // Back: a later plain drop backs off as usual, past a second.
    FakeSocket.all.at(-1)!.send({ type: 'hello', seq: 1, userId: 1 });
    for (const step of [250, 500, 1000, 2000, 4000]) {
      FakeSocket.all.at(-1)!.drop();
      retriesAfter(step);
    }
  });

  it('spreads retries over the back-off step at random, so workspaces dropped together do not all return together', () => {
    const handlers = { onEvent() {}, onResync() {}, onSignedOut() {}, onConnection() {} };
    openSocket(handlers, { ...env, random: () => 0 });
    openSocket(handlers, { ...env, random: () => 0.6 });
    FakeSocket.all[0]!.drop();
    FakeSocket.all[1]!.drop();
    vi.advanceTimersByTime(124);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(3);
    vi.advanceTimersByTime(74);
    expect(FakeSocket.all).toHaveLength(3);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(4);
  });

  it('asks for a reload when the server no longer has the missed events, then goes on from its seq', () => {
    open();
    const s = FakeSocket.all[0]!;
    s.send({ type: 'hello', seq: 400, userId: 1 });
    s.drop();
    vi.advanceTimersByTime(250);
    const again = FakeSocket.all[1]!;
    again.send({ type: 'resync', seq: 500 });
    again.send(event(501));
    expect(resyncs).toBe(2);
    expect(got).toEqual([501]);
  });

  it('stops when the session ended (close code 4001) instead of reconnecting', () => {
    open();
    FakeSocket.all[0]!.drop(4001);
    vi.advanceTimersByTime(60_000);
    expect(signedOut).toBe(1);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('hands activity frames over without touching the seq, and ignores a refusal', () => {
    const s = open();
    const ws = FakeSocket.all[0]!;
    ws.send({ type: 'hello', seq: 10, userId: 1 });
    const notice: ActivityNotice = { type: 'activity', leadId: 3, userId: 2, name: 'Irina', activity: 'viewing', connection: 'c', ttlMs: 45_000 };
    ws.send(notice);
    ws.send({ type: 'error', error: { code: 'not_found', message: 'Lead 3 not found' } });
    ws.send(event(11));
    expect(activity).toEqual([notice]);
    expect(got).toEqual([11]);
    expect(s.seq).toBe(11);
  });

  it('sends activity only on a socket that said hello, never queued for later', () => {
    const s = open();
    const first = FakeSocket.all[0]!;
    s.send({ type: 'activity', leadId: 3, activity: 'viewing' });
    first.send({ type: 'hello', seq: 1, userId: 1 });
    s.send({ type: 'activity', leadId: 3, activity: 'typing', note: true });
    expect(first.sent.map((f) => JSON.parse(f) as unknown)).toEqual([{ type: 'activity', leadId: 3, activity: 'typing', note: true }]);
    first.drop();
    s.send({ type: 'activity', leadId: 3, activity: 'left' });
    vi.advanceTimersByTime(250);
    const second = FakeSocket.all[1]!;
    second.send({ type: 'hello', seq: 1, userId: 1 });
    expect(second.sent).toEqual([]);
    expect(first.sent).toHaveLength(1);
  });
});
