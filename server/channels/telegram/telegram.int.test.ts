import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app';
import { buildScript } from '../../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../../test/harness';
import { freePort } from '../../../test/server-process';
import { startTelegramServer, type BotInfo, type TelegramServer } from '../../../test/telegram-server';
import { call, httpWorld } from '../../../test/world';
import { BotCache } from '../../bot-runtime/handle-job';
import { createBotWorker, type BotWorker } from '../../bot-runtime/bot-worker';
import { createScriptEngine } from '../../bot-runtime/js-engine';
import type { App } from '../../http/app-type';
import { createOutboxWorker, type OutboxWorker } from '../outbox-worker';
import { telegramClients } from './api';
import { createTelegramOutbound } from './outbound';
import { SECRET_HEADER } from './inbound';

type World = Awaited<ReturnType<typeof httpWorld>>;

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(200)]);
const PDF = Buffer.from('%PDF-1.4\n% a small document\n');
const OGG = Buffer.concat([Buffer.from('OggS'), randomBytes(100)]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0, 1, 0, 0]), Buffer.from('WEBPVP8 '), randomBytes(50)]);

let tokens = 0;
const newToken = () => `${5_000_000 + ++tokens}:AAH${randomBytes(16).toString('hex')}`;

// Telegram against a local server that speaks the Bot API (test/telegram-server.ts), through real
// HTTP both ways: it calls our webhook, we call it. Workers are run a pass at a time.
describe.each(await dialects())('Telegram channel on %s', (dialect) => {
  let tg: TelegramServer;
  let rt: TestRuntime;
  let app: App;
  let base: string;
  let bots: BotWorker;
  let outbox: OutboxWorker;

  beforeAll(async () => {
    tg = await startTelegramServer();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    rt = await testRuntime(dialect, { TELEGRAM_API_ROOT: tg.url, PUBLIC_URL: base });
    app = await testApp(rt);
    await app.listen({ port, host: '127.0.0.1' });
    bots = createBotWorker({ ...rt.ctx, js: createScriptEngine(rt.ctx), bots: new BotCache(0) });
    // Unpaced here (the pacing is grammY's throttler, a second per chat): tests send many messages to one chat.
    outbox = createOutboxWorker(rt.ctx, { adapters: { telegram: createTelegramOutbound({ ctx: rt.ctx, clients: telegramClients({ apiRoot: tg.url }) }) } });
  });
  afterAll(async () => {
    await bots?.stop();
    await outbox?.stop();
    await app?.close();
    await rt?.dispose();
    await tg?.close();
  });

  /** A business whose bot is connected to a new Telegram bot by webhook. */
  async function connected(o: { updates?: 'webhook' | 'polling'; buttonColumns?: number } = {}) {
    const w = await httpWorld(rt.ctx.db);
    const bot = tg.addBot({ token: newToken() });
    const r = await call(app, 'POST', '/api/v1/channels', w.as.admin, {
      botId: w.bot.id,
      kind: 'telegram',
      name: 'Telegram',
      token: bot.token,
      updates: 'webhook',
      ...o,
    });
    expect(r.status).toBe(201);
    return { w, bot, channel: r.body.channel as { id: number }, secret: r.body.webhookSecret as string };
  }
  const messagesOf = async (w: World, leadId: number) =>
    (await call(app, 'GET', `/api/v1/leads/${leadId}/messages?limit=100`, w.as.admin)).body.messages as {
      id: number;
      author: string;
      text: string;
      payload: Record<string, unknown> | null;
      delivery: string;
      attachments: { kind: string; mime: string; name: string; size: number; url: string }[];
    }[];
  const leadOf = async (channelId: number, chatId: number) =>
    rt.ctx.db.selectFrom('leads').selectAll().where('channel_id', '=', channelId).where('messenger_id', '=', String(chatId)).executeTakeFirstOrThrow();
  const postUpdate = (channelId: number, secret: string | undefined, update: unknown) =>
    fetch(`${base}/api/v1/channels/${channelId}/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret ? { [SECRET_HEADER]: secret } : {}) },
      body: JSON.stringify(update),
    });

  it('connects a bot by its token (getMe, setWebhook with a secret); the token never comes back', async () => {
    const { w, bot, channel, secret } = await connected({ buttonColumns: 2 });
    const got = await call(app, 'GET', '/api/v1/channels', w.as.admin);
    const listed = got.body.channels.find((c: { id: number }) => c.id === channel.id);
    expect(listed.telegram).toEqual({ username: bot.username, botUserId: bot.id, updates: 'webhook', buttonColumns: 2 });
    expect(JSON.stringify(got.body)).not.toContain(bot.token.split(':')[1]);
    const hook = await tg.waitForCall((c) => c.token === bot.token && c.methodLower === 'setwebhook');
    expect(hook.params).toMatchObject({ url: `${base}/api/v1/channels/${channel.id}/telegram`, secret_token: secret });
    expect(hook.params.allowed_updates).toEqual(expect.arrayContaining(['message', 'callback_query', 'my_chat_member']));

    const unknown = await call(app, 'POST', '/api/v1/channels', w.as.admin, { botId: w.bot.id, kind: 'telegram', name: 'T', token: newToken() });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0]).toEqual({ path: 'body.token', message: expect.stringContaining('does not know this token') });
  });

  it('refuses a webhook call without the right secret, and stores a repeated or concurrent update once', async () => {
    const { w, bot, channel, secret } = await connected();
    const update = {
      ...tg.updates.text(bot.token, { userId: 1001, firstName: 'Ira', lastName: 'P', username: 'ira_p', languageCode: 'ru', text: 'Здравствуйте' }),
      update_id: 900_001,
    };
    expect((await postUpdate(channel.id, undefined, update)).status).toBe(401);
    expect((await postUpdate(channel.id, 'wrong', update)).status).toBe(401);
    expect(await rt.ctx.db.selectFrom('leads').select('id').where('channel_id', '=', channel.id).execute()).toEqual([]);

    const statuses = await Promise.all(Array.from({ length: 5 }, () => postUpdate(channel.id, secret, update).then((r) => r.status)));
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect((await postUpdate(channel.id, secret, update)).status).toBe(200);
    const lead = await leadOf(channel.id, 1001);
    expect(lead).toMatchObject({ name: 'Ira P', language: 'ru' });
    const texts = (await messagesOf(w, lead.id)).filter((m) => m.author === 'lead').map((m) => m.text);
    expect(texts).toEqual(['Здравствуйте']);
    expect((await call(app, 'GET', `/api/v1/leads/${lead.id}`, w.as.admin)).body.attributes).toMatchObject({ sys_username: 'ira_p' });
    // The bot answers it once.
    const jobs = await rt.ctx.db.selectFrom('bot_jobs').select('kind').where('lead_id', '=', lead.id).execute();
    expect(jobs).toEqual([{ kind: 'lead_message' }]);
  });

  it('the bot answers in Telegram with inline buttons, two per row; a press is the lead answering with its label', async () => {
    const { w, bot, channel } = await connected({ buttonColumns: 2 });
    await buildScript(rt.ctx.db, {
      businessId: w.business.id,
      botId: w.bot.id,
      code: 'start',
      entries: [{ type: 'command', value: '/start' }],
      commands: [
        { type: 'menu', text: 'Pick one', buttons: [{ label: 'Cups' }, { label: 'Plates' }, { label: 'Vases' }, { label: 'A human', script: 'human' }] },
        { type: 'set_attribute', name: 'picked', value: 'yes' },
      ],
    });
    await buildScript(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, code: 'human', commands: [{ type: 'send_text', text: 'Calling a human' }] });
    const pushed = await tg.pushUpdate(bot.token, tg.updates.text(bot.token, { userId: 2002, firstName: 'Petr', text: '/start promo42' }));
    expect(pushed.webhookStatus).toBe(200);
    const lead = await leadOf(channel.id, 2002);
    expect((await call(app, 'GET', `/api/v1/leads/${lead.id}`, w.as.admin)).body.attributes).toMatchObject({ sys_start_param: 'promo42' });
    await bots.runOnce();
    await outbox.runOnce();
    const [menu] = tg.sent(bot.token, 2002);
    expect(menu).toMatchObject({ method: 'sendMessage', text: 'Pick one' });
    const keyboard = (menu!.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard;
    expect(keyboard.map((row) => row.map((b) => b.text))).toEqual([
      ['Cups', 'Plates'],
      ['Vases', 'A human'],
    ]);
    const botMessage = (await messagesOf(w, lead.id)).find((m) => m.author === 'bot')!;
    expect(botMessage.delivery).toBe('sent');

    const press = tg.updates.callbackQuery(bot.token, { userId: 2002, firstName: 'Petr', data: keyboard[1]![1]!.callback_data, message: menu!.message });
    expect((await tg.pushUpdate(bot.token, press)).webhookStatus).toBe(200);
    const answered = await tg.waitForCall((c) => c.token === bot.token && c.methodLower === 'answercallbackquery');
    expect(answered.params.callback_query_id).toBe((press as { callback_query: { id: string } }).callback_query.id);
    expect((await messagesOf(w, lead.id)).filter((m) => m.author === 'lead').map((m) => m.text)).toEqual(['/start promo42', 'A human']);
    await bots.runOnce();
    await outbox.runOnce();
    expect(tg.sent(bot.token, 2002).map((m) => m.text)).toEqual(['Pick one', 'Calling a human']);
    // A button of a keyboard we never sent is answered, and nothing is stored.
    await tg.pushUpdate(bot.token, tg.updates.callbackQuery(bot.token, { userId: 2002, data: 'someone-else' }));
    expect((await messagesOf(w, lead.id)).filter((m) => m.author === 'lead')).toHaveLength(2);
  });

  it('an "ask" for a phone offers Telegram\'s share-my-phone button; the shared contact fills sys_phone and answers it', async () => {
    const { w, bot, channel } = await connected();
    await buildScript(rt.ctx.db, {
      businessId: w.business.id,
      botId: w.bot.id,
      code: 'start',
      entries: [{ type: 'command', value: '/start' }],
      commands: [
        { type: 'ask', text: 'Your phone?', attribute: 'phone', validate: 'phone' },
        { type: 'send_text', text: 'Thanks, {{phone}}' },
      ],
    });
    await tg.pushUpdate(bot.token, tg.updates.text(bot.token, { userId: 3003, firstName: 'Anna', languageCode: 'ru', text: '/start' }));
    await bots.runOnce();
    await outbox.runOnce();
    const [ask] = tg.sent(bot.token, 3003);
    expect(ask!.reply_markup).toMatchObject({ keyboard: [[{ text: '📱 Отправить мой номер', request_contact: true }]], one_time_keyboard: true });
    await tg.pushUpdate(bot.token, tg.updates.contact(bot.token, { userId: 3003, firstName: 'Anna', phoneNumber: '79991234567' }));
    const lead = await leadOf(channel.id, 3003);
    expect((await call(app, 'GET', `/api/v1/leads/${lead.id}`, w.as.admin)).body.attributes).toMatchObject({ sys_phone: '+79991234567' });
    // Also the searchable phone: the workspace finds the lead by it.
    expect((await leadOf(channel.id, 3003)).phone).toBe('+79991234567');
    await bots.runOnce();
    await outbox.runOnce();
    expect(tg.sent(bot.token, 3003).map((m) => m.text)).toEqual(['Your phone?', 'Thanks, +79991234567']);
  });

  it('photos, documents, voice and stickers arrive as files the operator sees as what they are', async () => {
    const { w, bot, channel } = await connected();
    const chat = { userId: 4004, firstName: 'Oleg' };
    await tg.pushUpdate(bot.token, tg.updates.photo(bot.token, { ...chat, file: JPEG, caption: 'my cup' }));
    await tg.pushUpdate(bot.token, tg.updates.document(bot.token, { ...chat, file: PDF, fileName: 'order.pdf', mimeType: 'application/pdf' }));
    await tg.pushUpdate(bot.token, tg.updates.voice(bot.token, { ...chat, file: OGG, duration: 3 }));
    await tg.pushUpdate(bot.token, tg.updates.sticker(bot.token, { ...chat, file: WEBP, emoji: '😀' }));
    await tg.pushUpdate(
      bot.token,
      tg.updates.document(bot.token, { ...chat, file: Buffer.from('MZ\x90\x00'), fileName: 'setup.exe', mimeType: 'application/x-msdownload' }),
    );
    const lead = await leadOf(channel.id, 4004);
    const got = (await messagesOf(w, lead.id)).filter((m) => m.author === 'lead');
    expect(got.map((m) => [m.text, m.attachments.map((a) => [a.kind, a.mime])])).toEqual([
      ['my cup', [['image', 'image/jpeg']]],
      ['', [['file', 'application/pdf']]],
      ['', [['audio', 'audio/ogg']]],
      ['😀', [['image', 'image/webp']]],
      ['📎 setup.exe', []],
    ]);
    expect(got[4]!.payload).toMatchObject({ telegram: { kind: 'document', fileNotKept: expect.stringContaining('not kept') } });
    // The bytes are the ones the lead sent.
    const photo = await app.inject({ method: 'GET', url: got[0]!.attachments[0]!.url, headers: w.as.admin });
    expect(photo.rawPayload.equals(JPEG)).toBe(true);
  });

  it("an operator's reply with a file reaches the chat; a 429 waits Telegram's retry_after; a 403 marks the lead unreachable until it writes", async () => {
    const { w, bot, channel } = await connected();
    await tg.pushUpdate(bot.token, tg.updates.text(bot.token, { userId: 5005, firstName: 'Vera', text: 'I need a human' }));
    const lead = await leadOf(channel.id, 5005);
    const upload = await app.inject({
      method: 'POST',
      url: `/api/v1/leads/${lead.id}/attachments`,
      headers: { ...w.as.olga, 'content-type': 'multipart/form-data; boundary=X' },
      payload: Buffer.concat([
        Buffer.from('--X\r\nContent-Disposition: form-data; name="file"; filename="invoice.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'),
        JPEG,
        Buffer.from('\r\n--X--\r\n'),
      ]),
    });
    expect(upload.statusCode).toBe(201);
    const sent = await call(app, 'POST', `/api/v1/leads/${lead.id}/messages`, w.as.olga, {
      text: 'Here is your invoice',
      attachmentIds: [upload.json().attachment.id],
    });
    expect(sent.status).toBe(200);
    expect(await outbox.runOnce()).toBe(1);
    const [photo] = tg.sent(bot.token, 5005);
    expect(photo).toMatchObject({ method: 'sendPhoto', caption: 'Here is your invoice' });
    expect(photo!.file!.bytes.equals(JPEG)).toBe(true);

    tg.failNext(bot.token, 'sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } });
    const before = Date.now();
    await call(app, 'POST', `/api/v1/leads/${lead.id}/messages`, w.as.olga, { text: 'One more thing' });
    await outbox.runOnce();
    const row = await rt.ctx.db.selectFrom('outbox').selectAll().where('lead_id', '=', lead.id).where('status', '=', 'pending').executeTakeFirstOrThrow();
    expect(row.last_error).toContain('429');
    // Telegram's retry_after replaces the back-off (which would start at 2 s).
    expect(row.next_attempt_at).toBeGreaterThanOrEqual(before + 7000);

    await rt.ctx.db.updateTable('outbox').set({ next_attempt_at: 0 }).where('id', '=', row.id).execute();
    tg.failNext(bot.token, 'sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    await outbox.runOnce();
    expect((await rt.ctx.db.selectFrom('outbox').select('status').where('id', '=', row.id).executeTakeFirstOrThrow()).status).toBe('dead');
    const card = (await call(app, 'GET', `/api/v1/leads/${lead.id}`, w.as.olga)).body;
    expect(card.unreachable).toEqual({ at: expect.any(Number), reason: 'blocked' });
    expect((await messagesOf(w, lead.id)).at(-1)!.delivery).toBe('failed');

    await tg.pushUpdate(bot.token, tg.updates.text(bot.token, { userId: 5005, firstName: 'Vera', text: 'I am back' }));
    expect((await call(app, 'GET', `/api/v1/leads/${lead.id}`, w.as.olga)).body.unreachable).toBeNull();
  });

  it('a lead blocking the bot marks it unreachable; unblocking clears it', async () => {
    const { w, bot, channel } = await connected();
    await tg.pushUpdate(bot.token, tg.updates.text(bot.token, { userId: 6006, firstName: 'Gleb', text: 'hi' }));
    const lead = await leadOf(channel.id, 6006);
    await tg.pushUpdate(bot.token, tg.updates.blocked(bot.token, { userId: 6006 }));
    expect((await call(app, 'GET', `/api/v1/leads/${lead.id}`, w.as.admin)).body.unreachable).toMatchObject({ reason: 'blocked' });
    await tg.pushUpdate(bot.token, tg.updates.unblocked(bot.token, { userId: 6006 }));
    expect((await call(app, 'GET', `/api/v1/leads/${lead.id}`, w.as.admin)).body.unreachable).toBeNull();
  });

  it('changes a channel to long polling (deleteWebhook) and back, and changes its token to another bot', async () => {
    const { w, bot, channel, secret } = await connected();
    const polling = await call(app, 'PATCH', `/api/v1/channels/${channel.id}`, w.as.admin, { updates: 'polling' });
    expect(polling.status).toBe(200);
    expect(polling.body.channel.telegram.updates).toBe('polling');
    await tg.waitForCall((c) => c.token === bot.token && c.methodLower === 'deletewebhook');
    const other: BotInfo = tg.addBot({ token: newToken() });
    const moved = await call(app, 'PATCH', `/api/v1/channels/${channel.id}`, w.as.admin, { token: other.token, updates: 'webhook' });
    expect(moved.status).toBe(200);
    expect(moved.body.channel.telegram).toMatchObject({ username: other.username, botUserId: other.id, updates: 'webhook' });
    const hook = await tg.waitForCall((c) => c.token === other.token && c.methodLower === 'setwebhook');
    expect(hook.params.secret_token).toBe(secret);
    expect((await call(app, 'PATCH', `/api/v1/channels/${channel.id}`, w.as.admin, { webhookUrl: 'https://example.com/x' })).status).toBe(400);
    const apiChannel = await call(app, 'PATCH', `/api/v1/channels/${w.channel.id}`, w.as.admin, { buttonColumns: 2 });
    expect(apiChannel.body.error.details[0]).toEqual({ path: 'body.buttonColumns', message: 'only Telegram channels have buttonColumns' });
  });
});
