import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WidgetMessage, WidgetSession } from '@contracts/widget';
import { Chat, PING_MS, PONG_TIMEOUT_MS, TYPING_MS, type ChatEvent, type SocketEvents } from './chat';

// The controller against a scripted server: fetch answers from a handler, sockets are fakes the test
// opens, feeds and drops, time is faked.

const KEY = 'wk_abcdefghijklmnopqrstuvwxyz012345';
const TOKEN = 'tok-aaaaaaaaaaaaaaaaaaaaaaaa';

interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  auth: string | null;
  body: unknown;
}

class FakeSocket {
  sent: string[] = [];
  closed = false;
  readonly query: URLSearchParams;
  constructor(
    readonly url: string,
    private on: SocketEvents,
  ) {
    this.query = new URL(url).searchParams;
  }
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.on.open();
  }
  frame(f: unknown) {
    this.on.message(JSON.stringify(f));
  }
  raw(data: string) {
    this.on.message(data);
  }
  drop(code = 1006) {
    this.on.close(code);
  }
}

const msg = (id: number, over: Partial<WidgetMessage> = {}): WidgetMessage => ({
  id,
  author: 'bot',
  authorName: null,
  text: `message ${id}`,
  buttons: null,
  image: null,
  file: null,
  attachments: [],
  clientMessageId: null,
  createdAt: 1_700_000_000_000 + id,
  ...over,
});

const session = (token: string, resumed: boolean): WidgetSession => ({
  token,
  resumed,
  appearance: { title: null, greeting: null, buttonLayout: 'column', showTimes: true, color: '#2f6fed' },
  limits: { messageText: 4096, attachmentBytes: 10 * 1024 * 1024, attachmentMimes: ['image/png', 'text/plain'] },
});

type Reply = { status: number; body: unknown } | 'network';
const ok = (body: unknown): Reply => ({ status: 200, body });
const error = (status: number, code: string): Reply => ({ status, body: { error: { code, message: code } } });

/** Lets the promise chains run (fetch answers are promises, not timers). */
const settle = async () => {
  for (let i = 0; i < 30; i++) await Promise.resolve();
};

function world(opts: { stored?: string | null; store?: { value: string | null }; lock?: <T>(fn: () => Promise<T>) => Promise<T> } = {}) {
  const calls: Call[] = [];
  const sockets: FakeSocket[] = [];
  const events: ChatEvent[] = [];
  const store = opts.store ?? { value: opts.stored ?? null };
  let n = 0;
  let tokens = 0;
  /** The scripted server: the default answers a fresh session and an empty conversation. */
  let handler = (c: Call): Reply | Promise<Reply> => {
    if (c.path === '/api/widget/v1/sessions') {
      const sent = (c.body as { token: string | null }).token;
      return ok(sent ? session(sent, true) : session(`tok-new-${++tokens}-aaaaaaaaaaaaaaaaaa`, false));
    }
    if (c.path === '/api/widget/v1/messages' && c.method === 'GET') return ok({ messages: [], hasMore: false });
    return error(404, 'not_found');
  };
  const chat = new Chat({
    base: 'https://desk.example',
    key: KEY,
    language: 'ru-RU',
    fetch: async (input, init) => {
      const url = new URL(String(input));
      const headers = (init?.headers ?? {}) as Record<string, string>;
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : init?.body;
      const call: Call = { method: init?.method ?? 'GET', path: url.pathname, query: url.searchParams, auth: headers.Authorization ?? null, body };
      calls.push(call);
      const aborted = new Promise<never>((_, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
      const reply = await Promise.race([handler(call), aborted]);
      if (reply === 'network') throw new TypeError('Failed to fetch');
      return { ok: reply.status < 300, status: reply.status, json: async () => reply.body } as Response;
    },
    openSocket: (url, on) => {
      const s = new FakeSocket(url, on);
      sockets.push(s);
      return s;
    },
    storage: { get: () => store.value, set: (v) => (store.value = v), remove: () => (store.value = null) },
    uuid: () => `cm-${++n}`,
    random: () => 0.5,
    lock: opts.lock,
  });
  chat.subscribe((e) => events.push(e));
  return {
    chat,
    calls,
    sockets,
    events,
    store,
    serve(h: (c: Call, fallback: (c: Call) => Reply | Promise<Reply>) => Reply | Promise<Reply>) {
      const fallback = handler;
      handler = (c) => h(c, fallback);
    },
    socket: () => sockets[sockets.length - 1]!,
    ids: () => chat.store.items().map((i) => (i.message ? i.message.id : i.pending.clientMessageId)),
    callsTo: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === `/api/widget/v1${path}`),
  };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('starting', () => {
  it('starts a session, keeps its token, loads the history page by page, then opens the socket after the last id', async () => {
    const w = world();
    w.serve((c, fallback) => {
      if (c.path.endsWith('/messages') && c.method === 'GET') {
        const after = Number(c.query.get('after'));
        return after === 0 ? ok({ messages: [msg(1), msg(2)], hasMore: true }) : ok({ messages: [msg(3)], hasMore: false });
      }
      return fallback(c);
    });
    w.chat.start();
    await settle();

    const [start] = w.callsTo('POST', '/sessions');
    expect(start!.body).toEqual({ key: KEY, token: null, language: 'ru-RU' });
    expect(w.store.value).toBe('tok-new-1-aaaaaaaaaaaaaaaaaa');
    const pages = w.callsTo('GET', '/messages');
    expect(pages.map((c) => c.query.get('after'))).toEqual(['0', '2']);
    expect(pages[0]!.auth).toBe('Bearer tok-new-1-aaaaaaaaaaaaaaaaaa');
    expect(w.ids()).toEqual([1, 2, 3]);
    expect(w.events.filter((e) => e.type === 'ready')).toHaveLength(1);
    // A new conversation: the bot's first messages are unread.
    expect(w.events.flatMap((e) => (e.type === 'messages' ? e.fresh.map((m) => m.id) : []))).toEqual([1, 2, 3]);

    expect(w.sockets).toHaveLength(1);
    expect(w.socket().url.startsWith('wss://desk.example/api/widget/v1/socket?')).toBe(true);
    expect(w.socket().query.get('token')).toBe('tok-new-1-aaaaaaaaaaaaaaaaaa');
    expect(w.socket().query.get('after')).toBe('3');
    w.chat.stop();
  });

  it('resumes with the stored token; the history is not news', async () => {
    const w = world({ stored: TOKEN });
    w.serve((c, fallback) => (c.path.endsWith('/messages') && c.method === 'GET' ? ok({ messages: [msg(1), msg(2)], hasMore: false }) : fallback(c)));
    w.chat.start();
    await settle();
    expect(w.callsTo('POST', '/sessions')[0]!.body).toMatchObject({ token: TOKEN });
    expect(w.store.value).toBe(TOKEN);
    expect(w.socket().query.get('token')).toBe(TOKEN);
    expect(w.ids()).toEqual([1, 2]);
    expect(w.events.flatMap((e) => (e.type === 'messages' ? e.fresh : []))).toEqual([]);
    w.chat.stop();
  });

  it('retries the session call with back-off when the server cannot be reached', async () => {
    const w = world();
    let down = 2;
    w.serve((c, fallback) => (c.path.endsWith('/sessions') && down-- > 0 ? 'network' : fallback(c)));
    w.chat.start();
    await settle();
    expect(w.callsTo('POST', '/sessions')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(w.callsTo('POST', '/sessions')).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1999);
    expect(w.callsTo('POST', '/sessions')).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(w.callsTo('POST', '/sessions')).toHaveLength(3);
    expect(w.sockets).toHaveLength(1);
    w.chat.stop();
  });

  it('gives up a session call that does not answer in 30 s, and tries again', async () => {
    const w = world();
    let hang = true;
    w.serve((c, fallback) => (c.path.endsWith('/sessions') && hang ? new Promise<Reply>(() => {}) : fallback(c)));
    w.chat.start();
    await settle();
    hang = false;
    await vi.advanceTimersByTimeAsync(30_000);
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    expect(w.callsTo('POST', '/sessions')).toHaveLength(2);
    expect(w.sockets).toHaveLength(1);
    w.chat.stop();
  });

  it('starts a new conversation when the stored token is refused by the session call itself', async () => {
    const w = world({ stored: TOKEN });
    w.serve((c, fallback) => ((c.body as { token?: string | null } | undefined)?.token === TOKEN ? error(401, 'unauthenticated') : fallback(c)));
    w.chat.start();
    await settle();
    expect(w.callsTo('POST', '/sessions').map((c) => (c.body as { token: string | null }).token)).toEqual([TOKEN, null]);
    expect(w.store.value).toBe('tok-new-1-aaaaaaaaaaaaaaaaaa');
    w.chat.stop();
  });

  it('two tabs starting at once make one conversation: the second finds the first one’s token under the lock', async () => {
    const shared = { value: null as string | null };
    let queue: Promise<unknown> = Promise.resolve();
    const lock = <T>(fn: () => Promise<T>): Promise<T> => {
      const run = queue.then(fn);
      queue = run.catch(() => {});
      return run;
    };
    const a = world({ store: shared, lock });
    const b = world({ store: shared, lock });
    a.chat.start();
    b.chat.start();
    await settle();
    await settle();
    const tokens = [...a.callsTo('POST', '/sessions'), ...b.callsTo('POST', '/sessions')].map((c) => (c.body as { token: string | null }).token);
    expect(tokens).toEqual([null, 'tok-new-1-aaaaaaaaaaaaaaaaaa']);
    expect(b.socket().query.get('token')).toBe(a.socket().query.get('token'));
    a.chat.stop();
    b.chat.stop();
  });

  it('gives up, and says so, when the key is refused', async () => {
    const w = world();
    w.serve((c, fallback) => (c.path.endsWith('/sessions') ? error(403, 'forbidden') : fallback(c)));
    w.chat.start();
    await settle();
    expect(w.events.map((e) => e.type)).toEqual(['fatal']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(w.callsTo('POST', '/sessions')).toHaveLength(1);
  });

  it('follows a token another tab stored while its own session call was on its way', async () => {
    const w = world();
    w.serve((c, fallback) => {
      if (c.path.endsWith('/sessions') && (c.body as { token: string | null }).token === null) {
        w.store.value = 'tok-other-tab-aaaaaaaaaaaaaaa';
      }
      return fallback(c);
    });
    w.chat.start();
    await settle();
    expect(w.callsTo('POST', '/sessions').map((c) => (c.body as { token: string | null }).token)).toEqual([null, 'tok-other-tab-aaaaaaaaaaaaaaa']);
    expect(w.store.value).toBe('tok-other-tab-aaaaaaaaaaaaaaa');
    expect(w.socket().query.get('token')).toBe('tok-other-tab-aaaaaaaaaaaaaaa');
    w.chat.stop();
  });
});

describe('the socket', () => {
  async function connected(stored: string | null = TOKEN) {
    const w = world({ stored });
    w.chat.start();
    await settle();
    w.socket().open();
    return w;
  }

  it('inserts and replaces messages from frames, and reports the new ones from the other side', async () => {
    const w = await connected();
    w.events.length = 0;
    w.socket().frame({ type: 'message', message: msg(5) });
    w.socket().frame({ type: 'message', message: msg(4, { author: 'lead', text: 'from another tab' }) });
    w.socket().frame({ type: 'message', message: msg(5, { text: 'edited' }) });
    w.socket().frame({ type: 'message', message: msg(5, { text: 'edited' }) });
    w.socket().frame({ type: 'unknown-kind' });
    w.socket().raw('not json');
    expect(w.ids()).toEqual([4, 5]);
    expect(w.chat.store.items()[1]!.message!.text).toBe('edited');
    const fresh = w.events.flatMap((e) => (e.type === 'messages' ? e.fresh.map((m) => m.id) : []));
    expect(fresh).toEqual([5]);
    w.chat.stop();
  });

  it('shows typing for 5 s after a typing frame, and stops when their message arrives', async () => {
    const w = await connected();
    w.socket().frame({ type: 'typing', authorName: 'Anna' });
    expect(w.chat.typing).toBe('Anna');
    await vi.advanceTimersByTimeAsync(TYPING_MS - 1);
    expect(w.chat.typing).toBe('Anna');
    w.socket().frame({ type: 'typing', authorName: null });
    await vi.advanceTimersByTimeAsync(TYPING_MS - 1);
    expect(w.chat.typing).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(w.chat.typing).toBeUndefined();

    w.socket().frame({ type: 'typing', authorName: 'Anna' });
    w.socket().frame({ type: 'message', message: msg(9, { author: 'operator', authorName: 'Anna' }) });
    expect(w.chat.typing).toBeUndefined();
    w.chat.stop();
  });

  it('pings every 25 s', async () => {
    const w = await connected();
    await vi.advanceTimersByTimeAsync(PING_MS);
    expect(w.socket().sent).toEqual(['{"type":"ping"}']);
    w.socket().frame({ type: 'pong' });
    await vi.advanceTimersByTimeAsync(PING_MS);
    expect(w.socket().sent).toHaveLength(2);
    w.chat.stop();
  });

  it('drops a socket that does not answer a ping and connects again', async () => {
    const w = await connected();
    await vi.advanceTimersByTimeAsync(PING_MS + PONG_TIMEOUT_MS);
    expect(w.sockets[0]!.closed).toBe(true);
    expect(w.chat.connection).toBe('lost');
    await vi.advanceTimersByTimeAsync(1000);
    expect(w.sockets).toHaveLength(2);
    w.chat.stop();
  });

  it('reconnects after a drop with back-off, from the last id seen, so nothing is missed', async () => {
    const w = await connected();
    w.socket().frame({ type: 'message', message: msg(7) });
    w.socket().drop();
    expect(w.chat.connection).toBe('lost');
    await vi.advanceTimersByTimeAsync(999);
    expect(w.sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(w.sockets).toHaveLength(2);
    expect(w.socket().query.get('after')).toBe('7');

    // Dropped again before opening: 2 s, then 4 s, each time asking for what was missed (and whether the token still holds).
    const before = w.callsTo('GET', '/messages').length;
    w.socket().drop();
    await vi.advanceTimersByTimeAsync(2000);
    await settle();
    expect(w.sockets).toHaveLength(3);
    expect(w.callsTo('GET', '/messages')).toHaveLength(before + 1);
    w.socket().drop();
    await vi.advanceTimersByTimeAsync(3999);
    expect(w.sockets).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(w.sockets).toHaveLength(4);

    w.socket().open();
    expect(w.chat.connection).toBe('open');
    w.chat.stop();
  });

  it('starts the back-off over after a socket that stayed open', async () => {
    const w = await connected();
    w.socket().drop();
    await vi.advanceTimersByTimeAsync(1000);
    w.socket().drop();
    await vi.advanceTimersByTimeAsync(2000);
    await settle();
    w.socket().open();
    await vi.advanceTimersByTimeAsync(20_000);
    w.socket().frame({ type: 'pong' });
    w.socket().drop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(w.sockets).toHaveLength(4);
    w.chat.stop();
  });

  it('reconnects at once when the page comes back (online, visible)', async () => {
    const w = await connected();
    w.socket().drop();
    w.chat.wake();
    await settle();
    expect(w.sockets).toHaveLength(2);
    // A live socket is checked with a ping instead.
    w.socket().open();
    w.chat.wake();
    expect(w.socket().sent).toEqual(['{"type":"ping"}']);
    w.chat.stop();
  });

  it('takes a close for a refused token as the end of the session: a new one starts', async () => {
    const w = await connected();
    w.socket().drop(4001);
    await settle();
    expect(w.store.value).toBe('tok-new-1-aaaaaaaaaaaaaaaaaa');
    expect(w.callsTo('POST', '/sessions').map((c) => (c.body as { token: string | null }).token)).toEqual([TOKEN, null]);
    expect(w.socket().query.get('token')).toBe('tok-new-1-aaaaaaaaaaaaaaaaaa');
    w.chat.stop();
  });
});

describe('a refused token (401)', () => {
  it('is dropped and a new session starts; the old conversation is forgotten', async () => {
    const w = world({ stored: TOKEN });
    w.serve((c, fallback) => {
      if (c.path.endsWith('/messages') && c.method === 'GET')
        return c.auth === `Bearer ${TOKEN}` ? ok({ messages: [msg(1), msg(2)], hasMore: false }) : ok({ messages: [], hasMore: false });
      return fallback(c);
    });
    w.chat.start();
    await settle();
    w.socket().open();
    expect(w.ids()).toEqual([1, 2]);

    // The socket drops and the token no longer holds: the catch-up call tells.
    w.serve((c, fallback) => (c.auth === `Bearer ${TOKEN}` ? error(401, 'unauthenticated') : fallback(c)));
    w.socket().drop(1006);
    await vi.advanceTimersByTimeAsync(1000);
    await settle();
    w.socket().drop(1006);
    await vi.advanceTimersByTimeAsync(2000);
    await settle();
    expect(w.store.value).toBe('tok-new-1-aaaaaaaaaaaaaaaaaa');
    expect(w.ids()).toEqual([]);
    expect(w.socket().query.get('token')).toBe('tok-new-1-aaaaaaaaaaaaaaaaaa');
    expect(w.socket().query.get('after')).toBe('0');
    w.chat.stop();
  });

  it('on sending: the message waits, and goes with the new session under the same clientMessageId', async () => {
    const w = world({ stored: TOKEN });
    w.chat.start();
    await settle();
    w.serve((c, fallback) => {
      if (c.auth === `Bearer ${TOKEN}`) return error(401, 'unauthenticated');
      if (c.path.endsWith('/messages') && c.method === 'POST') {
        const b = c.body as { clientMessageId: string; text: string };
        return ok({ message: msg(30, { author: 'lead', text: b.text, clientMessageId: b.clientMessageId }), duplicate: false });
      }
      return fallback(c);
    });
    w.chat.send('hello');
    await settle();
    const sends = w.callsTo('POST', '/messages');
    expect(sends.map((c) => c.auth)).toEqual([`Bearer ${TOKEN}`, 'Bearer tok-new-1-aaaaaaaaaaaaaaaaaa']);
    expect(sends.map((c) => (c.body as { clientMessageId: string }).clientMessageId)).toEqual(['cm-1', 'cm-1']);
    expect(w.ids()).toEqual([30]);
    w.chat.stop();
  });
});

describe('sending', () => {
  async function ready() {
    const w = world({ stored: TOKEN });
    w.chat.start();
    await settle();
    w.socket().open();
    return w;
  }

  it('shows the message at once, marked sending, then replaces it with the server’s', async () => {
    const w = await ready();
    let answer: (r: Reply) => void = () => {};
    w.serve((c, fallback) => (c.path.endsWith('/messages') && c.method === 'POST' ? new Promise<Reply>((resolve) => (answer = resolve)) : fallback(c)));
    w.chat.send('hi there');
    expect(w.chat.store.items()[0]!.pending).toMatchObject({ clientMessageId: 'cm-1', text: 'hi there', status: 'sending' });
    await settle();
    const post = w.callsTo('POST', '/messages')[0]!;
    expect(post.body).toEqual({ clientMessageId: 'cm-1', text: 'hi there', attachmentIds: [] });
    expect(post.auth).toBe(`Bearer ${TOKEN}`);
    const key = w.chat.store.items()[0]!.key;
    answer(ok({ message: msg(10, { author: 'lead', text: 'hi there', clientMessageId: 'cm-1' }), duplicate: false }));
    await settle();
    expect(w.ids()).toEqual([10]);
    expect(w.chat.store.items()[0]!.key).toBe(key);
    w.chat.stop();
  });

  it('is confirmed by the socket’s echo even before the answer', async () => {
    const w = await ready();
    w.serve((c, fallback) => {
      if (c.path.endsWith('/messages') && c.method === 'POST') {
        w.socket().frame({ type: 'message', message: msg(11, { author: 'lead', text: 'hi', clientMessageId: 'cm-1' }) });
        return ok({ message: msg(11, { author: 'lead', text: 'hi', clientMessageId: 'cm-1' }), duplicate: false });
      }
      return fallback(c);
    });
    w.chat.send('hi');
    await settle();
    expect(w.ids()).toEqual([11]);
    expect(w.chat.store.pendingList()).toEqual([]);
    // The visitor's own message is not news.
    expect(w.events.flatMap((e) => (e.type === 'messages' ? e.fresh : []))).toEqual([]);
    w.chat.stop();
  });

  it('marks a failed message, and retries it with the same clientMessageId', async () => {
    const w = await ready();
    let fail = true;
    w.serve((c, fallback) => {
      if (c.path.endsWith('/messages') && c.method === 'POST') {
        if (fail) return 'network';
        const b = c.body as { clientMessageId: string; text: string };
        return ok({ message: msg(12, { author: 'lead', text: b.text, clientMessageId: b.clientMessageId }), duplicate: true });
      }
      return fallback(c);
    });
    w.chat.send('are you there?');
    await settle();
    expect(w.chat.store.pending('cm-1')!.status).toBe('failed');
    fail = false;
    w.chat.retry('cm-1');
    expect(w.chat.store.pending('cm-1')!.status).toBe('sending');
    await settle();
    const ids = w.callsTo('POST', '/messages').map((c) => (c.body as { clientMessageId: string }).clientMessageId);
    expect(ids).toEqual(['cm-1', 'cm-1']);
    expect(w.ids()).toEqual([12]);
    w.chat.stop();
  });

  it('uploads files first, then sends their ids; a retry does not upload again what was uploaded', async () => {
    const w = await ready();
    let sendFails = true;
    let uploads = 0;
    w.serve((c, fallback) => {
      if (c.path.endsWith('/attachments')) {
        uploads++;
        const form = c.body as FormData;
        const file = form.get('file') as File;
        return ok({ attachment: { id: 100 + uploads, name: file.name, mime: 'text/plain', size: file.size, kind: 'file', url: 'https://desk.example/f' } });
      }
      if (c.path.endsWith('/messages') && c.method === 'POST')
        return sendFails ? error(503, 'internal') : ok({ message: msg(20, { author: 'lead', clientMessageId: 'cm-1' }), duplicate: false });
      return fallback(c);
    });
    w.chat.send('', [new File(['abc'], 'a.txt', { type: 'text/plain' }), new File(['de'], 'b.txt', { type: 'text/plain' })]);
    await settle();
    expect(uploads).toBe(2);
    expect(w.callsTo('POST', '/messages')[0]!.body).toEqual({ clientMessageId: 'cm-1', text: '', attachmentIds: [101, 102] });
    expect(w.chat.store.pending('cm-1')!.status).toBe('failed');
    sendFails = false;
    w.chat.retry('cm-1');
    await settle();
    expect(uploads).toBe(2);
    expect(w.callsTo('POST', '/messages')[1]!.body).toEqual({ clientMessageId: 'cm-1', text: '', attachmentIds: [101, 102] });
    expect(w.ids()).toEqual([20]);
    w.chat.stop();
  });

  it('holds messages written before the session is ready, and sends them once it is', async () => {
    const w = world();
    w.serve((c, fallback) => {
      if (c.path.endsWith('/messages') && c.method === 'POST') return ok({ message: msg(3, { author: 'lead', clientMessageId: 'cm-1' }), duplicate: false });
      return fallback(c);
    });
    w.chat.send('early');
    await settle();
    expect(w.callsTo('POST', '/messages')).toHaveLength(0);
    w.chat.start();
    await settle();
    expect(w.callsTo('POST', '/messages')).toHaveLength(1);
    expect(w.ids()).toEqual([3]);
    w.chat.stop();
  });
});

describe('other tabs', () => {
  it('a new token stored by another tab: this tab resumes that conversation', async () => {
    const w = world({ stored: TOKEN });
    w.serve((c, fallback) => {
      if (c.path.endsWith('/messages') && c.method === 'GET') return ok({ messages: c.auth === `Bearer ${TOKEN}` ? [msg(1)] : [msg(50)], hasMore: false });
      return fallback(c);
    });
    w.chat.start();
    await settle();
    w.socket().open();
    expect(w.ids()).toEqual([1]);
    const first = w.socket();

    w.store.value = 'tok-other-tab-aaaaaaaaaaaaaaa';
    w.chat.tokenChanged('tok-other-tab-aaaaaaaaaaaaaaa');
    await settle();
    expect(first.closed).toBe(true);
    expect(w.callsTo('POST', '/sessions').at(-1)!.body).toMatchObject({ token: 'tok-other-tab-aaaaaaaaaaaaaaa' });
    expect(w.ids()).toEqual([50]);
    expect(w.socket().query.get('token')).toBe('tok-other-tab-aaaaaaaaaaaaaaa');

    // Its own token echoed back, or the key removed: nothing to do.
    w.chat.tokenChanged('tok-other-tab-aaaaaaaaaaaaaaa');
    w.chat.tokenChanged(null);
    await settle();
    expect(w.callsTo('POST', '/sessions')).toHaveLength(2);
    w.chat.stop();
  });
});
