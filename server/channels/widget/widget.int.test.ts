import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app';
import { buildScript } from '../../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../../test/harness';
import { call, httpWorld, strangerWorld } from '../../../test/world';
import { BotCache } from '../../bot-runtime/handle-job';
import { createBotWorker, type BotWorker } from '../../bot-runtime/bot-worker';
import { createScriptEngine } from '../../bot-runtime/js-engine';
import type { App } from '../../http/app-type';
import { TestClient, until } from '../../realtime/realtime.testkit';

type World = Awaited<ReturnType<typeof httpWorld>>;
type Msg = {
  id: number;
  author: string;
  authorName: string | null;
  text: string;
  buttons: { label: string }[] | null;
  attachments: { url: string; kind: string }[];
};
const SITE = 'https://shop.example.com';
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(100)]);

// The widget's protocol from a visitor's side, through real HTTP and a real WebSocket: sessions,
// history, writing, files, allowed sites, and the socket's catch-up after a dropped connection.
describe.each(await dialects())('web widget channel on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let base: string;
  let bots: BotWorker;
  beforeAll(async () => {
    rt = await testRuntime(dialect);
    app = await testApp(rt);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    bots = createBotWorker({ ...rt.ctx, js: createScriptEngine(rt.ctx), bots: new BotCache(0) });
  });
  afterAll(async () => {
    await bots?.stop();
    await app?.close();
    await rt?.dispose();
  });

  async function widget(w: World, settings: Record<string, unknown> = {}) {
    const r = await call(app, 'POST', '/api/v1/channels', w.as.admin, { botId: w.bot.id, kind: 'widget', name: 'Site chat', settings });
    expect(r.status).toBe(201);
    return r.body.channel as { id: number; widget: { key: string; snippet: string; settings: Record<string, unknown> } };
  }
  const http = async (method: string, url: string, o: { token?: string; origin?: string; body?: unknown } = {}) => {
    const res = await fetch(`${base}/api/widget/v1${url}`, {
      method,
      headers: {
        ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
        ...(o.origin ? { origin: o.origin } : {}),
        'accept-language': 'ru-RU,ru;q=0.9',
      },
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  };
  const session = async (key: string, token: string | null = null, origin = SITE) => (await http('POST', '/sessions', { origin, body: { key, token } })).body;
  const say = (token: string, text: string, clientMessageId = randomBytes(6).toString('hex'), attachmentIds: number[] = []) =>
    http('POST', '/messages', { token, origin: SITE, body: { clientMessageId, text, attachmentIds } });
  const history = async (token: string, after = 0) => (await http('GET', `/messages?after=${after}`, { token, origin: SITE })).body.messages as Msg[];
  const leadOf = async (channelId: number) => rt.ctx.db.selectFrom('leads').selectAll().where('channel_id', '=', channelId).executeTakeFirstOrThrow();

  it('creates a widget channel with a public key and the snippet to paste', async () => {
    const w = await httpWorld(rt.ctx.db);
    const channel = await widget(w, { title: 'Help', buttonLayout: 'row', allowedOrigins: ['https://shop.example.com/any/path'] });
    expect(channel.widget.key).toMatch(/^wk_/);
    expect(channel.widget.snippet).toBe(`<script src="${rt.config.PUBLIC_URL}/widget.js" data-key="${channel.widget.key}" async></script>`);
    expect(channel.widget.settings).toEqual({ title: 'Help', greeting: null, buttonLayout: 'row', showTimes: true, allowedOrigins: [SITE], color: '#2f6fed' });
    const patched = await call(app, 'PATCH', `/api/v1/channels/${channel.id}`, w.as.admin, { widget: { showTimes: false } });
    expect(patched.body.channel.widget.settings).toMatchObject({ title: 'Help', showTimes: false, allowedOrigins: [SITE] });
    const bad = await call(app, 'PATCH', `/api/v1/channels/${channel.id}`, w.as.admin, { widget: { color: 'red' } });
    expect(bad.body.error.details[0].path).toBe('body.widget.color');
  });

  it('starts and resumes a visitor; other sites than the allowed ones are refused; CORS is answered', async () => {
    const w = await httpWorld(rt.ctx.db);
    const channel = await widget(w, { allowedOrigins: [SITE], greeting: 'Hello!' });
    expect((await http('POST', '/sessions', { origin: SITE, body: { key: 'wk_nosuchkeynosuchkey00' } })).status).toBe(404);
    const first = await session(channel.widget.key);
    expect(first).toMatchObject({ resumed: false, appearance: { greeting: 'Hello!', buttonLayout: 'column', showTimes: true } });
    expect((await session(channel.widget.key, first.token)).resumed).toBe(true);
    expect((await session(channel.widget.key, 'garbage-token-garbage-token')).resumed).toBe(false);
    const other = await http('POST', '/sessions', { origin: 'https://evil.example.net', body: { key: channel.widget.key } });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toContain('https://evil.example.net');
    const preflight = await fetch(`${base}/api/widget/v1/messages`, {
      method: 'OPTIONS',
      headers: { origin: SITE, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('the visitor writes once per clientMessageId, the bot answers with buttons, and the visitor sees only its own conversation', async () => {
    const w = await httpWorld(rt.ctx.db);
    await buildScript(rt.ctx.db, {
      businessId: w.business.id,
      botId: w.bot.id,
      code: 'hello',
      entries: [{ type: 'keyword', value: 'hello' }],
      commands: [{ type: 'menu', text: 'What do you need?', buttons: [{ label: 'Prices' }, { label: 'A human' }] }],
    });
    const channel = await widget(w);
    const { token } = await session(channel.widget.key);
    const sent = await say(token, 'hello there', 'c-1');
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ duplicate: false, message: { author: 'lead', text: 'hello there', clientMessageId: 'c-1' } });
    expect((await say(token, 'hello there', 'c-1')).body.duplicate).toBe(true);
    expect((await say(token, 'something else', 'c-1')).status).toBe(409);
    const lead = await leadOf(channel.id);
    expect(lead.name).toMatch(/^Посетитель [A-Z0-9_-]{4}$/);
    expect(lead.language).toBe('ru-RU');
    await bots.runOnce();
    // An operator's internal note never reaches the visitor.
    await call(app, 'POST', `/api/v1/leads/${lead.id}/notes`, w.as.olga, { text: 'VIP, be nice' });
    const seen = await history(token);
    expect(seen.map((m) => [m.author, m.text, m.buttons])).toEqual([
      ['lead', 'hello there', null],
      ['bot', 'What do you need?', [{ label: 'Prices' }, { label: 'A human' }]],
    ]);
    // Another visitor of the same widget, a forged token, another business: nothing of this conversation.
    const stranger = await session(channel.widget.key);
    expect(await history(stranger.token)).toEqual([]);
    expect((await http('GET', '/messages', { token: `${channel.id}.${'A'.repeat(22)}.${'B'.repeat(43)}`, origin: SITE })).status).toBe(401);
    // A visitor token is not an API token.
    expect((await call(app, 'GET', `/api/v1/leads/${lead.id}`, { authorization: `Bearer ${token}` })).status).toBe(401);
    const { world: theirs, headers } = await strangerWorld(rt.ctx.db);
    expect((await call(app, 'GET', `/api/v1/leads/${lead.id}`, headers)).status).toBe(404);
    expect(theirs.business.id).not.toBe(w.business.id);
  });

  it('sends files both ways: the visitor uploads and sends one; links open without credentials', async () => {
    const w = await httpWorld(rt.ctx.db);
    const channel = await widget(w);
    const { token } = await session(channel.widget.key);
    const form = new FormData();
    form.append('file', new Blob([JPEG], { type: 'image/jpeg' }), 'cup.jpg');
    const up = await fetch(`${base}/api/widget/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}`, origin: SITE }, body: form });
    expect(up.status).toBe(201);
    const { attachment } = (await up.json()) as { attachment: { id: number; kind: string } };
    expect(attachment.kind).toBe('image');
    const exe = new FormData();
    exe.append('file', new Blob([Buffer.from('MZ')], { type: 'application/x-msdownload' }), 'setup.exe');
    const refused = await fetch(`${base}/api/widget/v1/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, origin: SITE },
      body: exe,
    });
    expect(refused.status).toBe(415);
    const sent = await say(token, '', 'f-1', [attachment.id]);
    expect(sent.status).toBe(200);
    const [m] = await history(token);
    expect(m!.attachments.map((a) => a.kind)).toEqual(['image']);
    const link = new URL(m!.attachments[0]!.url);
    const bytes = Buffer.from(await (await fetch(`${base}${link.pathname}${link.search}`)).arrayBuffer());
    expect(bytes.equals(JPEG)).toBe(true);
    // The operator sees it in the workspace too, and answers with a file of their own.
    const lead = await leadOf(channel.id);
    const messages = (await call(app, 'GET', `/api/v1/leads/${lead.id}/messages`, w.as.admin)).body.messages;
    expect(messages[0].attachments[0]).toMatchObject({ name: 'cup.jpg', kind: 'image' });
    const pdf = new FormData();
    pdf.append('file', new Blob([Buffer.from('%PDF-1.4 invoice')], { type: 'application/pdf' }), 'invoice.pdf');
    const theirs = await fetch(`${base}/api/v1/leads/${lead.id}/attachments`, {
      method: 'POST',
      headers: { ...w.as.olga } as Record<string, string>,
      body: pdf,
    });
    expect(theirs.status).toBe(201);
    const reply = await call(app, 'POST', `/api/v1/leads/${lead.id}/messages`, w.as.olga, {
      text: 'Your invoice',
      attachmentIds: [((await theirs.json()) as { attachment: { id: number } }).attachment.id],
    });
    expect(reply.status).toBe(200);
    // The widget reads it from the conversation: the operator never sees it stuck as "Queued".
    expect(reply.body.message.delivery).toBe('none');
    expect(await rt.ctx.db.selectFrom('outbox').select('id').where('lead_id', '=', lead.id).execute()).toEqual([]);
    const got = (await history(token)).at(-1)!;
    expect(got).toMatchObject({ author: 'operator', authorName: 'Olga', text: 'Your invoice' });
    const invoice = new URL(got.attachments[0]!.url);
    expect(await (await fetch(`${base}${invoice.pathname}${invoice.search}`)).text()).toBe('%PDF-1.4 invoice');
  });

  it('the socket sends the history, then live replies with the operator name; after a drop it catches up from `after`', async () => {
    const w = await httpWorld(rt.ctx.db);
    const channel = await widget(w);
    const { token } = await session(channel.widget.key);
    await say(token, 'I need a human');
    const lead = await leadOf(channel.id);
    const ws = `${base.replace('http', 'ws')}/api/widget/v1/socket?token=${encodeURIComponent(token)}`;
    const first = await TestClient.open(`${ws}&after=0`, { origin: SITE });
    const messages = (c: TestClient) => c.frames.filter((f) => f.type === 'message').map((f) => (f as unknown as { message: Msg }).message);
    await until(() => messages(first).length === 1, 'the history');
    expect((await call(app, 'POST', `/api/v1/leads/${lead.id}/messages`, w.as.olga, { text: 'Olga here, how can I help?' })).status).toBe(200);
    await until(() => messages(first).length === 2, 'the live reply');
    expect(messages(first)[1]).toMatchObject({ author: 'operator', authorName: 'Olga', text: 'Olga here, how can I help?' });
    const last = messages(first)[1]!.id;
    first.ws.close();
    await until(() => first.closed !== null, 'the close');
    // While the visitor is away.
    await call(app, 'POST', `/api/v1/leads/${lead.id}/messages`, w.as.olga, { text: 'Are you still there?' });
    const again = await TestClient.open(`${ws}&after=${last}`, { origin: SITE });
    await until(() => messages(again).length === 1, 'the missed reply');
    expect(messages(again)[0]).toMatchObject({ text: 'Are you still there?' });
    again.ws.close();
    // A bad token's socket is closed at once, saying why.
    const refused = await TestClient.open(`${base.replace('http', 'ws')}/api/widget/v1/socket?token=${'x'.repeat(30)}`, { origin: SITE });
    await until(() => refused.closed !== null, 'the refusal');
    expect(refused.closed!.code).toBe(4001);
  });

  it('a socket opened before the visitor ever wrote gets its first message and the answers to it', async () => {
    const w = await httpWorld(rt.ctx.db);
    const channel = await widget(w);
    const { token } = await session(channel.widget.key);
    // Another visitor of the same widget, also silent: it must get nothing of the first one's.
    const other = await session(channel.widget.key);
    const ws = base.replace('http', 'ws');
    const mine = await TestClient.open(`${ws}/api/widget/v1/socket?token=${encodeURIComponent(token)}&after=0`, { origin: SITE });
    const theirs = await TestClient.open(`${ws}/api/widget/v1/socket?token=${encodeURIComponent(other.token)}&after=0`, { origin: SITE });
    await say(token, 'first words');
    const lead = await leadOf(channel.id);
    await call(app, 'POST', `/api/v1/leads/${lead.id}/messages`, w.as.olga, { text: 'Hello, first-timer' });
    const texts = (c: TestClient) => c.frames.filter((f) => f.type === 'message').map((f) => (f as unknown as { message: Msg }).message.text);
    await until(() => texts(mine).length === 2, 'the first message and the reply');
    expect(texts(mine)).toEqual(['first words', 'Hello, first-timer']);
    // A marker after everything: the other visitor's socket gets only its own conversation.
    await say(other.token, 'me too');
    await until(() => texts(theirs).length === 1, "the other visitor's own message");
    expect(texts(theirs)).toEqual(['me too']);
    mine.ws.close();
    theirs.ws.close();
  });

  it('limits how fast one visitor may write', async () => {
    const w = await httpWorld(rt.ctx.db);
    const channel = await widget(w);
    const { token } = await session(channel.widget.key);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await say(token, `message ${i}`)).status);
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});
