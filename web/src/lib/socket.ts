// The app's one realtime socket. It remembers the last seq it received and, after any drop,
// reconnects with `since` so the server replays what was missed; nothing is reloaded.
import { CLOSE_CODES } from '@contracts/close-codes';
import type { ActivityNotice, ActivityReport } from '@contracts/activity';
import type { RealtimeEvent, ServerFrame } from '@contracts/events';

export type Connection = 'connecting' | 'open' | 'down';

export interface SocketHandlers {
  onEvent(e: RealtimeEvent): void;
  /**
   * Reload server state: the socket just began listening (what changed while the first reads were
   * on their way was sent to nobody), or the server no longer has the events after our seq.
   */
  onResync(): void;
  onSignedOut(): void;
  onConnection(c: Connection): void;
  /** Another operator's activity in a dialog ("Irina is viewing"): no seq, not part of the resume. */
  onActivity?(n: ActivityNotice): void;
}

export interface RealtimeSocket {
  close(): void;
  /** Tells the others what this operator does in a dialog; dropped while not connected (it is repeated anyway). */
  send(report: ActivityReport): void;
  /** The last seq applied (for tests and diagnostics). */
  readonly seq: number | null;
}

const BACKOFF_MS = [250, 500, 1000, 2000, 4000, 8000];

/**
 * A retry waits between half and all of its back-off step, at random: after a server restart thousands
 * of workspaces lose their socket at the same instant, and without jitter they would all come back in
 * the same few milliseconds, step after step (bench:storm, docs/benchmarks.md).
 */
function retryDelay(attempt: number, random: () => number, restarting: boolean): number {
  let step = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)] ?? 8000;
  if (restarting && attempt < RESTART_ATTEMPTS) step = Math.min(step, RESTART_STEP_MS);
  return step / 2 + (step / 2) * random();
}

/**
 * A server that closes with "going away" is restarting and back within seconds: retries stay at most
 * a second apart for a while, so the workspace returns with it, not after a back-off step of 4 or 8 s
 * that grew while it was down. A socket that just broke (1006) may mean a server in trouble: full back-off.
 */
const RESTART_STEP_MS = 1000;
const RESTART_ATTEMPTS = 30;

/** What the socket needs from the browser (tests pass their own). */
export interface SocketEnv {
  WebSocket: new (url: string) => Pick<WebSocket, 'close' | 'onmessage' | 'onclose' | 'send'>;
  window: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  url: string;
  /** A number in [0, 1) for the retry's jitter (Math.random; tests pass their own). */
  random?: () => number;
}

export function openSocket(h: SocketHandlers, env: SocketEnv = browserEnv()): RealtimeSocket {
  const { url } = env;
  let seq: number | null = null;
  let ws: InstanceType<SocketEnv['WebSocket']> | null = null;
  let attempt = 0;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Hello received on the current socket: it is open and ours. */
  let open = false;
  /** The server said it was going away (a restart) and has not said hello since. */
  let restarting = false;

  const connect = () => {
    h.onConnection('connecting');
    ws = new env.WebSocket(seq === null ? url : `${url}?since=${seq}`);
    ws.onmessage = (m) => {
      const frame = JSON.parse(String(m.data)) as RealtimeEvent | ServerFrame;
      if (frame.type === 'activity') {
        h.onActivity?.(frame);
      } else if (frame.type === 'error') {
        // The server refused a frame of ours (a lead gone meanwhile): activity is best effort, nothing to undo.
      } else if (frame.type === 'hello') {
        open = true;
        attempt = 0;
        restarting = false;
        h.onConnection('open');
        if (seq === null) {
          seq = frame.seq;
          h.onResync();
        }
      } else if (frame.type === 'resync') {
        seq = frame.seq;
        h.onResync();
      } else if (seq === null || frame.seq > seq) {
        seq = frame.seq;
        h.onEvent(frame);
      }
    };
    ws.onclose = (e) => {
      ws = null;
      open = false;
      if (closed) return;
      if (e.code === CLOSE_CODES.signedOut) return h.onSignedOut();
      if (e.code === CLOSE_CODES.goingAway) restarting = true;
      h.onConnection('down');
      timer = setTimeout(connect, retryDelay(attempt++, env.random ?? Math.random, restarting));
    };
  };
  // Coming back online or to the tab: try now instead of waiting for the back-off.
  const retryNow = () => {
    if (!closed && !ws) {
      clearTimeout(timer);
      connect();
    }
  };
  env.window.addEventListener('online', retryNow);
  connect();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      env.window.removeEventListener('online', retryNow);
      ws?.close(1000);
    },
    send(report) {
      if (open && ws) ws.send(JSON.stringify(report));
    },
    get seq() {
      return seq;
    },
  };
}

function browserEnv(): SocketEnv {
  return { WebSocket, window, url: `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/v1/realtime` };
}
