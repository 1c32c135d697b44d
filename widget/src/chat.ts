// The conversation's life, without a DOM: the session (token kept per key and shared by tabs), the
// history, the socket with its pings and reconnects, and sending with optimistic copies and retries.
// The view listens for changes and reads the state; tests drive it with a fake fetch and socket.
import type { LIMITS } from '@contracts/limits';
import type { WidgetFrame, WidgetMessage, WidgetSession } from '@contracts/widget';
import { API_PREFIX, createApi, isPermanent, isUnauthorized, type Api } from './api';
import { backoffDelay } from './backoff';
import { MessageStore } from './store';

/** Messages asked for per page of history: the contract's most. */
const PAGE: (typeof LIMITS)['pageSize'] = 100;
export const PING_MS = 25_000;
/** No answer to a ping for this long: the socket is dead (a device that slept), reconnect. */
export const PONG_TIMEOUT_MS = 10_000;
export const TYPING_MS = 5_000;
/** A socket that stayed open this long was a good one: the next drop starts the back-off over. */
const STABLE_MS = 10_000;
/** Close codes taken to mean the token is no longer valid: the realtime socket's signedOut, 4401, policy violation. */
const AUTH_CLOSE_CODES = [4001, 4401, 1008];

export interface SocketHandle {
  send(data: string): void;
  close(): void;
}
export interface SocketEvents {
  open(): void;
  message(data: string): void;
  close(code: number): void;
}
export type OpenSocket = (url: string, on: SocketEvents) => SocketHandle;

/** Where the token is kept (localStorage under metadesk:widget:<key>). */
export interface TokenStorage {
  get(): string | null;
  set(token: string): void;
  remove(): void;
}

export interface ChatDeps {
  /** The server's origin (the script's own). */
  base: string;
  key: string;
  language: string;
  fetch: typeof fetch;
  openSocket: OpenSocket;
  storage: TokenStorage;
  uuid(): string;
  /** Runs `fn` while no other tab of this key runs its own (Web Locks); without it, `fn` just runs. */
  lock?: <T>(fn: () => Promise<T>) => Promise<T>;
  random?: () => number;
  now?: () => number;
}

/** connecting: not connected yet; open; lost: was connected, reconnecting. */
export type Connection = 'connecting' | 'open' | 'lost';

export type ChatEvent =
  | { type: 'ready' }
  /** `fresh`: new messages from the bot or operators (not the history of a resumed conversation). */
  | { type: 'messages'; fresh: WidgetMessage[] }
  | { type: 'typing' }
  | { type: 'connection' }
  /** The key is refused (unknown key, a site not allowed): the widget stays hidden. */
  | { type: 'fatal'; error: unknown };

type Timer = ReturnType<typeof setTimeout>;

interface Conn {
  handle: SocketHandle;
  token: string;
  openedAt: number;
  closed(code: number): void;
}

export class Chat {
  session: WidgetSession | null = null;
  readonly store = new MessageStore();
  /** Who is writing on the contact center's side: a name, null (no name), or undefined (nobody). */
  typing: string | null | undefined = undefined;
  connection: Connection = 'connecting';

  private readonly api: Api;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly lock: <T>(fn: () => Promise<T>) => Promise<T>;
  private listeners = new Set<(e: ChatEvent) => void>();
  private token: string | null = null;
  /** The token of the conversation the store holds (a resumed session keeps it, whatever token it answers). */
  private conversation: string | null = null;
  /** Bumped at each (re)start: what an older start left running sees it and stops. */
  private epoch = 0;
  private conn: Conn | null = null;
  private everOpen = false;
  /** Messages from the other side count as news (unread): always in a new conversation, after the history in a resumed one. */
  private countNews = false;
  private attempt = 0;
  private authFailures = 0;
  private timers: { reconnect?: Timer; ping?: Timer; pong?: Timer; typing?: Timer } = {};
  private nap: (() => void) | null = null;
  private inFlight = new Set<string>();
  private stopped = false;

  constructor(private readonly deps: ChatDeps) {
    this.api = createApi(deps.base, deps.fetch);
    this.random = deps.random ?? Math.random;
    this.now = deps.now ?? Date.now;
    this.lock = deps.lock ?? ((fn) => fn());
  }

  subscribe(listener: (e: ChatEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    void this.begin(0);
  }

  /** Stops everything (sockets, timers); the object is done. */
  stop(): void {
    this.stopped = true;
    this.epoch++;
    this.dropSocket();
    for (const name of ['reconnect', 'ping', 'pong', 'typing'] as const) this.clearTimer(name);
    this.nap?.();
  }

  /** The page came back (online, visible): reconnect now rather than at the back-off's time, or check a live socket. */
  wake(): void {
    if (this.stopped) return;
    this.nap?.();
    if (!this.token) return;
    if (this.conn) this.ping();
    else void this.reconnect(this.epoch, true);
  }

  /** The stored token changed in another tab: a new session there, so this tab follows it. */
  tokenChanged(value: string | null): void {
    if (value && value !== this.token && !this.stopped) void this.begin(0);
  }

  /** Sends a text and files (already checked) as one message: shown at once, confirmed by the server. */
  send(text: string, files: readonly File[] = []): void {
    const clientMessageId = this.deps.uuid();
    const uploads = files.map((f) => ({ name: f.name, size: f.size, type: f.type, blob: f, attachment: null }));
    this.store.addPending({ clientMessageId, text, uploads, createdAt: this.now(), status: 'sending' });
    this.emit({ type: 'messages', fresh: [] });
    void this.deliver(clientMessageId);
  }

  /** Sends a message that failed again, with the same clientMessageId (the server stores it once). */
  retry(clientMessageId: string): void {
    if (!this.store.pending(clientMessageId)) return;
    this.store.setStatus(clientMessageId, 'sending');
    this.emit({ type: 'messages', fresh: [] });
    void this.deliver(clientMessageId);
  }

  private emit(e: ChatEvent): void {
    for (const l of [...this.listeners]) l(e);
  }

  private setConnection(c: Connection): void {
    if (this.connection === c) return;
    this.connection = c;
    this.emit({ type: 'connection' });
  }

  private clearTimer(name: 'reconnect' | 'ping' | 'pong' | 'typing'): void {
    if (name === 'ping') clearInterval(this.timers.ping);
    else clearTimeout(this.timers[name]);
    delete this.timers[name];
  }

  /** Waits, unless wake() (or a restart) cuts it short. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.nap === done) this.nap = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.nap?.();
      this.nap = done;
    });
  }

  /** Starts or resumes the session, loads the history, connects; `refused`: a token just refused, not to be sent again. */
  private async begin(delay: number, refused: string | null = null): Promise<void> {
    const epoch = ++this.epoch;
    this.dropSocket();
    this.clearTimer('reconnect');
    this.token = null;
    if (delay) await this.sleep(delay);
    if (epoch !== this.epoch) return;
    const { storage } = this.deps;
    const attempt = { sent: null as string | null };
    let failures = 0;
    for (;;) {
      let outcome: WidgetSession | 'again' | null;
      try {
        // One tab at a time: a tab that waited finds the token the first one stored, rather than starting a conversation of its own.
        outcome = await this.lock(async () => {
          if (epoch !== this.epoch) return null;
          const stored = storage.get();
          attempt.sent = stored !== refused ? stored : null;
          const session = await this.api.session({ key: this.deps.key, token: attempt.sent, language: this.deps.language });
          if (epoch !== this.epoch) return null;
          // Without locks: another tab stored a newer token while this call was on its way; both follow that one.
          const now = storage.get();
          if (now && now !== stored && now !== session.token) return 'again';
          storage.set(session.token);
          return session;
        });
      } catch (e) {
        if (epoch !== this.epoch) return;
        if (isUnauthorized(e) && attempt.sent) {
          refused = attempt.sent;
          continue;
        }
        if (isPermanent(e)) return this.emit({ type: 'fatal', error: e });
        await this.sleep(backoffDelay(failures++, this.random));
        if (epoch !== this.epoch) return;
        continue;
      }
      if (outcome === null) return;
      if (outcome === 'again') continue;
      const same = outcome.resumed && attempt.sent !== null && attempt.sent === this.conversation;
      this.conversation = outcome.token;
      this.token = outcome.token;
      this.session = outcome;
      if (!same) {
        this.store.clearMessages();
        this.countNews = !outcome.resumed;
      }
      break;
    }
    try {
      await this.catchUp(epoch);
    } catch (e) {
      if (epoch !== this.epoch) return;
      if (isUnauthorized(e)) return this.invalid(this.token);
      // Not reached: the socket sends what is missing.
    }
    if (epoch !== this.epoch) return;
    this.countNews = true;
    this.emit({ type: 'ready' });
    for (const p of this.store.pendingList()) if (p.status === 'sending') void this.deliver(p.clientMessageId);
    this.connect(epoch);
  }

  /** The token was refused: forget it (unless another tab already replaced it) and start a new session. */
  private invalid(token: string | null): void {
    if (!token || token !== this.token || this.stopped) return;
    if (this.deps.storage.get() === token) this.deps.storage.remove();
    // A server that refuses every new token too is not hammered.
    const delay = this.authFailures++ > 0 ? backoffDelay(this.authFailures - 2, this.random) : 0;
    void this.begin(delay, token);
  }

  /** Loads the messages after the last one held, page by page. */
  private async catchUp(epoch: number): Promise<void> {
    const token = this.token;
    if (!token) return;
    for (;;) {
      const page = await this.api.messages(token, this.store.lastId, PAGE);
      if (epoch !== this.epoch) return;
      this.merge(page.messages);
      if (!page.hasMore || page.messages.length === 0) return;
    }
  }

  /** Puts server messages into the store and tells the view, with the ones that are news. */
  private merge(messages: readonly WidgetMessage[]): void {
    const fresh: WidgetMessage[] = [];
    let changed = false;
    for (const m of messages) {
      const r = this.store.upsert(m);
      if (r !== 'unchanged') changed = true;
      if (r === 'inserted' && m.author !== 'lead') {
        if (this.countNews) fresh.push(m);
        this.stopTyping();
      }
    }
    if (changed) this.emit({ type: 'messages', fresh });
  }

  private stopTyping(): void {
    this.clearTimer('typing');
    if (this.typing === undefined) return;
    this.typing = undefined;
    this.emit({ type: 'typing' });
  }

  private onFrame(frame: WidgetFrame): void {
    switch (frame.type) {
      case 'message':
        this.merge([frame.message]);
        break;
      case 'typing':
        this.typing = frame.authorName;
        this.clearTimer('typing');
        this.timers.typing = setTimeout(() => this.stopTyping(), TYPING_MS);
        this.emit({ type: 'typing' });
        break;
      case 'pong':
        break;
    }
  }

  private connect(epoch: number): void {
    const token = this.token;
    if (this.conn || epoch !== this.epoch || !token || this.stopped) return;
    const url = `${this.deps.base.replace(/^http/, 'ws')}${API_PREFIX}/socket?token=${encodeURIComponent(token)}&after=${this.store.lastId}`;
    const conn: Conn = {
      handle: { send() {}, close() {} },
      token,
      openedAt: 0,
      closed: (code) => {
        if (this.conn !== conn) return;
        this.conn = null;
        this.clearTimer('ping');
        this.clearTimer('pong');
        if (conn.openedAt && this.now() - conn.openedAt >= STABLE_MS) this.attempt = this.authFailures = 0;
        if (AUTH_CLOSE_CODES.includes(code)) return this.invalid(token);
        this.setConnection(this.everOpen ? 'lost' : 'connecting');
        // A socket that never opened may have been refused for its token: the catch-up call tells (401).
        this.scheduleReconnect(!conn.openedAt);
      },
    };
    this.conn = conn;
    conn.handle = this.deps.openSocket(url, {
      open: () => {
        if (this.conn !== conn) return;
        conn.openedAt = this.now();
        this.everOpen = true;
        this.setConnection('open');
        this.clearTimer('ping');
        this.timers.ping = setInterval(() => this.ping(), PING_MS);
      },
      message: (data) => {
        if (this.conn !== conn) return;
        this.clearTimer('pong');
        let frame: WidgetFrame;
        try {
          frame = JSON.parse(data) as WidgetFrame;
        } catch {
          return;
        }
        this.onFrame(frame);
      },
      close: (code) => conn.closed(code),
    });
  }

  private ping(): void {
    const conn = this.conn;
    if (!conn?.openedAt) return;
    try {
      conn.handle.send('{"type":"ping"}');
    } catch {
      // Closing: its close event follows.
    }
    this.timers.pong ??= setTimeout(() => {
      delete this.timers.pong;
      if (this.conn !== conn) return;
      conn.handle.close();
      conn.closed(1006);
    }, PONG_TIMEOUT_MS);
  }

  private dropSocket(): void {
    const conn = this.conn;
    this.conn = null;
    this.clearTimer('ping');
    this.clearTimer('pong');
    conn?.handle.close();
  }

  private scheduleReconnect(probe: boolean): void {
    this.clearTimer('reconnect');
    const epoch = this.epoch;
    this.timers.reconnect = setTimeout(() => void this.reconnect(epoch, probe), backoffDelay(this.attempt++, this.random));
  }

  private async reconnect(epoch: number, probe: boolean): Promise<void> {
    this.clearTimer('reconnect');
    if (epoch !== this.epoch || this.conn || this.stopped) return;
    if (probe) {
      try {
        await this.catchUp(epoch);
      } catch (e) {
        if (epoch !== this.epoch || this.conn) return;
        if (isUnauthorized(e)) return this.invalid(this.token);
        return this.scheduleReconnect(true);
      }
    }
    this.connect(epoch);
  }

  private async deliver(clientMessageId: string): Promise<void> {
    const token = this.token;
    // Without a session, it goes once one is ready.
    if (!token || this.inFlight.has(clientMessageId)) return;
    this.inFlight.add(clientMessageId);
    try {
      const p = this.store.pending(clientMessageId);
      if (!p) return;
      for (const u of p.uploads) u.attachment ??= (await this.api.upload(token, u.blob, u.name)).attachment;
      const attachmentIds = p.uploads.map((u) => u.attachment!.id);
      const { message } = await this.api.send(token, { clientMessageId, text: p.text, attachmentIds });
      if (token === this.token) this.merge([message]);
    } catch (e) {
      // Refused token: kept as sending, and sent again once a new session is ready.
      if (isUnauthorized(e)) this.invalid(token);
      else if (token === this.token) {
        this.store.setStatus(clientMessageId, 'failed');
        this.emit({ type: 'messages', fresh: [] });
      }
    } finally {
      this.inFlight.delete(clientMessageId);
      // The session changed while it was on its way: send it with the new one.
      if (this.token && this.token !== token && this.store.pending(clientMessageId)?.status === 'sending') void this.deliver(clientMessageId);
    }
  }
}
