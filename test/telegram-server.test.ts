import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Api, Bot, GrammyError, InputFile } from 'grammy';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTelegramServer, type BotInfo, type TelegramServer } from './telegram-server';
import { startReceiver } from './webhook-receiver';

// grammY and plain fetch against the local Telegram Bot API: each test gets a fresh bot on one server.
let server: TelegramServer;
let bot: BotInfo;
let api: Api;

beforeAll(async () => {
  server = await startTelegramServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  bot = server.addBot({ username: 'metadesk_test_bot', firstName: 'Metadesk' });
  api = new Api(bot.token, { apiRoot: server.url });
});
afterEach(() => server.enforceLimits(false));

/** A user writes to the bot (so the bot knows the chat; the update stays queued); returns the chat id. */
async function userWrites(userId = 501, text = 'hello'): Promise<number> {
  await server.pushUpdate(bot.token, server.updates.text(bot.token, { userId, text }));
  return userId;
}

/** The GrammyError a call rejects with. */
async function grammyError(p: Promise<unknown>): Promise<GrammyError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(GrammyError);
  return e as GrammyError;
}

const PNG_2X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAEUlEQVR42mP8z8DAwMDAAAAHBAEAoi8N9gAAAABJRU5ErkJggg==', 'base64');

describe('identity and errors', () => {
  it('answers getMe with the registered bot', async () => {
    const me = await api.getMe();
    expect(me).toMatchObject({ id: bot.id, is_bot: true, username: 'metadesk_test_bot', first_name: 'Metadesk', can_join_groups: true });
  });

  it('answers an unknown token with 401 Unauthorized', async () => {
    const e = await grammyError(new Api('123456789:not-a-registered-token', { apiRoot: server.url }).getMe());
    expect(e.error_code).toBe(401);
    expect(e.description).toBe('Unauthorized');
    const res = await fetch(`${server.url}/bot123456789:not-a-registered-token/getMe`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
  });

  it('answers an unknown method with 404, matches method names case-insensitively and reads query strings and forms', async () => {
    const unknown = await fetch(`${server.url}/bot${bot.token}/sendTelepathy`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });

    const chatId = await userWrites();
    const viaQuery = await fetch(`${server.url}/bot${bot.token}/SENDMESSAGE?chat_id=${chatId}&text=from%20a%20query`);
    expect(await viaQuery.json()).toMatchObject({ ok: true, result: { chat: { id: chatId }, text: 'from a query' } });
    const viaForm = await fetch(`${server.url}/bot${bot.token}/sendmessage`, {
      method: 'POST',
      body: new URLSearchParams({ chat_id: String(chatId), text: 'from a form', reply_markup: JSON.stringify({ remove_keyboard: true }) }),
    });
    expect(await viaForm.json()).toMatchObject({ ok: true, result: { text: 'from a form' } });
    const call = await server.waitForCall((c) => c.method === 'sendmessage');
    expect(call.params).toMatchObject({ chat_id: chatId, reply_markup: { remove_keyboard: true } });
    expect(server.sent(bot.token, chatId).map((m) => m.text)).toEqual(['from a query', 'from a form']);
  });

  it('answers missing or wrong parameters as Telegram does', async () => {
    const chatId = await userWrites();
    const cases: [Promise<unknown>, string][] = [
      [api.sendMessage('', 'hi'), 'Bad Request: chat_id is empty'],
      [api.sendMessage(chatId, ''), 'Bad Request: message text is empty'],
      [api.sendMessage(chatId, 'x'.repeat(4097)), 'Bad Request: message is too long'],
      [api.sendMessage(999_999, 'hi'), 'Bad Request: chat not found'],
      [
        api.sendMessage(chatId, 'hi', { reply_markup: { inline_keyboard: [[{ text: 'x', callback_data: 'y'.repeat(65) }]] } }),
        'Bad Request: BUTTON_DATA_INVALID',
      ],
      [api.sendChatAction(chatId, 'dancing' as 'typing'), 'Bad Request: wrong parameter action in request'],
      [api.getFile('no-such-file'), 'Bad Request: invalid file_id'],
    ];
    for (const [call, description] of cases) {
      const e = await grammyError(call);
      expect({ code: e.error_code, description: e.description }).toEqual({ code: 400, description });
    }
    expect(await api.sendChatAction(chatId, 'typing')).toBe(true);
  });

  it('lists the calls seen when waitForCall times out', async () => {
    await api.getMe();
    await expect(server.waitForCall((c) => c.method === 'sendInvoice' && c.token === bot.token, 20)).rejects.toThrow(/Calls seen:[\s\S]*getMe/);
  });
});

describe('sending', () => {
  it('sends a message with an inline keyboard and lists it in sent()', async () => {
    const chatId = await userWrites(777);
    const keyboard = { inline_keyboard: [[{ text: 'Yes', callback_data: 'yes' }], [{ text: 'Site', url: 'https://example.com' }]] };
    const message = await api.sendMessage(chatId, 'Are you there?', { reply_markup: keyboard });
    // The user's message was 1 in this chat; the bot's follows it.
    expect(message).toMatchObject({ message_id: 2, chat: { id: chatId, type: 'private' }, from: { id: bot.id, is_bot: true }, text: 'Are you there?' });
    expect(message.reply_markup).toEqual(keyboard);
    expect(typeof message.date).toBe('number');
    const [sent] = server.sent(bot.token, chatId);
    expect(sent).toMatchObject({ method: 'sendMessage', chat_id: chatId, message_id: 2, text: 'Are you there?', reply_markup: keyboard });
    expect(server.sent(bot.token, 12345)).toEqual([]);
  });

  it('keeps a reply keyboard with request_contact in sent() though the Message does not show it', async () => {
    const chatId = await userWrites();
    const keyboard = { keyboard: [[{ text: 'Share my phone', request_contact: true }]], one_time_keyboard: true, resize_keyboard: true };
    const message = await api.sendMessage(chatId, 'Your phone?', { reply_markup: keyboard });
    expect(message.reply_markup).toBeUndefined();
    expect(server.sent(bot.token, chatId)[0]?.reply_markup).toEqual(keyboard);
  });

  it('receives a multipart sendPhoto upload with its bytes, and the photo can be downloaded', async () => {
    const chatId = await userWrites();
    const message = await api.sendPhoto(chatId, new InputFile(PNG_2X1, 'wide.png'), {
      caption: 'A picture',
      reply_markup: { inline_keyboard: [[{ text: 'Like', callback_data: 'like' }]] },
    });
    const call = await server.waitForCall((c) => c.methodLower === 'sendphoto' && c.token === bot.token);
    expect(call.params.photo).toEqual({ filename: 'wide.png', contentType: 'application/octet-stream', bytes: PNG_2X1 });
    // Object fields come as JSON in form fields; they are parsed.
    expect(call.params.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Like', callback_data: 'like' }]] });
    expect(call.params.chat_id).toBe(chatId);

    expect(message.caption).toBe('A picture');
    const largest = message.photo?.at(-1);
    expect(largest).toMatchObject({ width: 2, height: 1, file_size: PNG_2X1.length });
    const sent = server.sent(bot.token, chatId)[0];
    expect(sent?.file?.bytes.equals(PNG_2X1)).toBe(true);

    const file = await api.getFile(largest?.file_id ?? '');
    const download = await fetch(`${server.url}/file/bot${bot.token}/${file.file_path}`);
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG_2X1)).toBe(true);
  });

  it('sends a document again by its file_id and refuses an unknown one', async () => {
    const chatId = await userWrites();
    const first = await api.sendDocument(chatId, new InputFile(Buffer.from('a,b\n1,2\n'), 'report.csv'));
    expect(first.document).toMatchObject({ file_name: 'report.csv', mime_type: 'text/csv', file_size: 8 });
    const again = await api.sendDocument(chatId, first.document?.file_id ?? '');
    expect(again.document?.file_unique_id).toBe(first.document?.file_unique_id);
    const e = await grammyError(api.sendDocument(chatId, 'BQACAgIAAxkBAAunknown'));
    expect(e.description).toBe('Bad Request: wrong file identifier/HTTP URL specified');
    const missing = await grammyError(api.raw.sendVoice({ chat_id: chatId } as Parameters<typeof api.raw.sendVoice>[0]));
    expect(missing.description).toBe('Bad Request: there is no voice in the request');
  });
});

describe('files', () => {
  it('serves an added file through getFile and the download route', async () => {
    const bytes = Buffer.from('%PDF-1.4 test document');
    const added = server.addFile(bot.token, bytes, { path: 'documents/contract.pdf' });
    const file = await api.getFile(added.file_id);
    expect(file).toEqual({ file_id: added.file_id, file_unique_id: added.file_unique_id, file_size: bytes.length, file_path: 'documents/contract.pdf' });
    const res = await fetch(`${server.url}/file/bot${bot.token}/${file.file_path}`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);

    const unknown = await fetch(`${server.url}/file/bot${bot.token}/documents/nothing.pdf`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
    expect(server.downloads.filter((d) => d.token === bot.token).map((d) => d.status)).toEqual([200, 404]);
  });

  it('builds media updates whose files the bot can fetch', async () => {
    const voiceBytes = Buffer.from('OggS voice note');
    const voiceFile = server.addFile(bot.token, voiceBytes, { path: 'voice/file_1.oga' });
    const voice = server.updates.voice(bot.token, { file: voiceFile, duration: 3 });
    expect(voice.message?.voice).toMatchObject({ file_id: voiceFile.file_id, duration: 3, mime_type: 'audio/ogg' });
    const photo = server.updates.photo(bot.token, { file: PNG_2X1, caption: 'look' });
    const document = server.updates.document(bot.token, { fileName: 'invoice.pdf' });
    expect(document.message?.document).toMatchObject({ file_name: 'invoice.pdf', mime_type: 'application/pdf' });
    for (const update of [voice, photo, document]) await server.pushUpdate(bot.token, update);

    const updates = await api.getUpdates();
    expect(updates.map((u) => u.message?.message_id)).toEqual([1, 2, 3]);
    const photoId = updates[1]?.message?.photo?.at(-1)?.file_id ?? '';
    const path = (await api.getFile(photoId)).file_path;
    const res = await fetch(`${server.url}/file/bot${bot.token}/${path}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG_2X1)).toBe(true);
  });
});

describe('programmed failures and flood limits', () => {
  it('surfaces a programmed 429 as a GrammyError with retry_after, then recovers', async () => {
    const chatId = await userWrites();
    server.failNext(bot.token, 'sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } });
    const e = await grammyError(api.sendMessage(chatId, 'first try'));
    expect(e.error_code).toBe(429);
    expect(e.description).toBe('Too Many Requests: retry after 3');
    expect(e.parameters.retry_after).toBe(3);
    await expect(api.sendMessage(chatId, 'second try')).resolves.toMatchObject({ text: 'second try' });
    expect(server.sent(bot.token, chatId).map((m) => m.text)).toEqual(['second try']);
  });

  it('fails only the chat it was told to, as many times as told', async () => {
    const blockedChat = await userWrites(601);
    const otherChat = await userWrites(602);
    server.failNext(bot.token, '*', { error_code: 403, description: 'Forbidden: bot was blocked by the user' }, { chatId: blockedChat, times: 2 });
    await expect(api.sendMessage(otherChat, 'fine')).resolves.toBeTruthy();
    expect((await grammyError(api.sendMessage(blockedChat, 'one'))).error_code).toBe(403);
    expect((await grammyError(api.sendChatAction(blockedChat, 'typing'))).error_code).toBe(403);
    await expect(api.sendMessage(blockedChat, 'three')).resolves.toBeTruthy();
  });

  it('answers 429 to a second message to a chat at the same clock time, and not once the clock moved 1000 ms', async () => {
    const chatId = await userWrites();
    let now = 1_000_000;
    server.enforceLimits({ clock: () => now });
    const before = server.violations;
    await api.sendMessage(chatId, 'one');
    const e = await grammyError(api.sendMessage(chatId, 'two'));
    expect(e.error_code).toBe(429);
    expect(e.parameters.retry_after).toBe(1);
    expect(server.violations).toBe(before + 1);
    now += 999;
    expect((await grammyError(api.sendMessage(chatId, 'still too soon'))).error_code).toBe(429);
    now += 1;
    await expect(api.sendMessage(chatId, 'three')).resolves.toMatchObject({ text: 'three' });
    expect(server.violations).toBe(before + 2);
  });

  it('allows 30 messages per second per bot across chats, not 31', async () => {
    const chats: number[] = [];
    for (let i = 0; i < 31; i++) chats.push(await userWrites(1000 + i));
    server.enforceLimits({ clock: () => 5_000 });
    for (const chat of chats.slice(0, 30)) await api.sendMessage(chat, 'broadcast');
    const e = await grammyError(api.sendMessage(chats[30] ?? 0, 'broadcast'));
    expect(e.error_code).toBe(429);
  });
});

describe('getUpdates', () => {
  it('answers a long poll as soon as an update is pushed, and an offset confirms it', async () => {
    const poll = api.getUpdates({ timeout: 30 });
    await server.waitForCall((c) => c.token === bot.token && c.methodLower === 'getupdates');
    const { update_id } = await server.pushUpdate(
      bot.token,
      server.updates.text(bot.token, { userId: 42, firstName: 'Olga', languageCode: 'ru', text: '/start promo' }),
    );
    const updates = await poll;
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({
      update_id,
      message: {
        text: '/start promo',
        from: { id: 42, first_name: 'Olga', language_code: 'ru', is_bot: false },
        chat: { id: 42, type: 'private' },
        entities: [{ type: 'bot_command', offset: 0, length: 6 }],
      },
    });
    // Not confirmed yet: the update comes again.
    expect((await api.getUpdates()).map((u) => u.update_id)).toEqual([update_id]);
    expect(await api.getUpdates({ offset: update_id + 1 })).toEqual([]);
    expect((await api.getWebhookInfo()).pending_update_count).toBe(0);
  });

  it('answers an empty list when a long poll times out', async () => {
    await expect(api.getUpdates({ timeout: 1 })).resolves.toEqual([]);
  });

  it('ends an earlier long poll with 409 when a second one arrives', async () => {
    const first = api.getUpdates({ timeout: 30 });
    await server.waitForCall((c) => c.token === bot.token && c.methodLower === 'getupdates');
    const second = api.getUpdates({ timeout: 30 });
    const e = await grammyError(first);
    expect(e.error_code).toBe(409);
    expect(e.description).toBe('Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');
    await server.pushUpdate(bot.token, server.updates.text(bot.token, { text: 'for the second' }));
    expect((await second)[0]?.message?.text).toBe('for the second');
  });

  it('delivers the batch of updates pushed together, up to limit', async () => {
    const poll = api.getUpdates({ timeout: 30, limit: 2 });
    await server.waitForCall((c) => c.token === bot.token && c.methodLower === 'getupdates');
    const pushes = ['a', 'b', 'c'].map((text) => server.pushUpdate(bot.token, server.updates.text(bot.token, { text })));
    await Promise.all(pushes);
    expect((await poll).map((u) => u.message?.text)).toEqual(['a', 'b']);
  });

  it('runs a grammY bot on long polling end to end', async () => {
    const grammyBot = new Bot(bot.token, { client: { apiRoot: server.url } });
    grammyBot.command('start', (ctx) => ctx.reply(`Welcome, ${ctx.from?.first_name ?? ''}`));
    grammyBot.on('callback_query:data', async (ctx) => {
      await ctx.answerCallbackQuery({ text: 'Noted' });
      await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } });
    });
    const running = grammyBot.start();
    await server.waitForCall((c) => c.token === bot.token && c.methodLower === 'getupdates' && c.response === undefined);
    await server.pushUpdate(bot.token, server.updates.text(bot.token, { userId: 9, firstName: 'Ann', text: '/start' }));
    const reply = await server.waitForCall((c) => c.token === bot.token && c.methodLower === 'sendmessage');
    expect(reply.params).toMatchObject({ chat_id: 9, text: 'Welcome, Ann' });

    await server.pushUpdate(bot.token, server.updates.callbackQuery(bot.token, { userId: 9, data: 'yes' }));
    const edit = await server.waitForCall((c) => c.token === bot.token && c.methodLower === 'editmessagereplymarkup');
    expect(edit.response?.status).toBe(200);
    const answered = server.calls.find((c) => c.token === bot.token && c.methodLower === 'answercallbackquery');
    expect(answered?.response?.body).toEqual({ ok: true, result: true });
    await grammyBot.stop();
    await running;
  });
});

describe('webhooks', () => {
  it('POSTs pushed updates to the webhook with the secret header, and refuses getUpdates meanwhile', async () => {
    const receiver = await startReceiver();
    try {
      expect(await api.setWebhook(receiver.url, { secret_token: 'Sec_ret-1' })).toBe(true);
      const conflict = await grammyError(api.getUpdates());
      expect(conflict.error_code).toBe(409);
      expect(conflict.description).toBe("Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");

      const pushed = await server.pushUpdate(bot.token, server.updates.text(bot.token, { text: 'via webhook' }));
      expect(pushed.webhookStatus).toBe(200);
      const [receipt] = receiver.receipts;
      expect(receipt?.headers['x-telegram-bot-api-secret-token']).toBe('Sec_ret-1');
      expect(receipt?.headers['content-type']).toBe('application/json');
      expect(JSON.parse(receipt?.body ?? '{}')).toMatchObject({ update_id: pushed.update_id, message: { text: 'via webhook' } });

      const info = await api.getWebhookInfo();
      expect(info).toMatchObject({ url: receiver.url, pending_update_count: 0, max_connections: 40 });
      const raw = await (await fetch(`${server.url}/bot${bot.token}/deleteWebhook`, { method: 'POST' })).json();
      expect(raw).toEqual({ ok: true, result: true, description: 'Webhook was deleted' });
    } finally {
      await receiver.close();
    }
  });

  it('keeps an update the webhook refused pending, and delivers it when retried', async () => {
    const receiver = await startReceiver(() => 500);
    try {
      await api.setWebhook(receiver.url);
      const pushed = await server.pushUpdate(bot.token, server.updates.blocked(bot.token, { userId: 77 }));
      expect(pushed.webhookStatus).toBe(500);
      const info = await api.getWebhookInfo();
      expect(info.pending_update_count).toBe(1);
      expect(info.last_error_message).toBe('Wrong response from the webhook: 500 Internal Server Error');
      // The user blocked the bot: sending to them is refused.
      const blocked = await grammyError(api.sendMessage(77, 'still there?'));
      expect({ code: blocked.error_code, description: blocked.description }).toEqual({ code: 403, description: 'Forbidden: bot was blocked by the user' });

      receiver.respond = () => 200;
      await server.redeliver(bot.token);
      expect((await api.getWebhookInfo()).pending_update_count).toBe(0);
      expect(receiver.receipts.map((r) => (JSON.parse(r.body) as { update_id: number }).update_id)).toEqual([pushed.update_id, pushed.update_id]);
    } finally {
      await receiver.close();
    }
  });

  it('runs a method the webhook answers with', async () => {
    const hook = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: 'sendMessage', chat_id: 55, text: 'pong' })));
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    try {
      await api.setWebhook(`http://127.0.0.1:${(hook.address() as AddressInfo).port}/tg`);
      await server.pushUpdate(bot.token, server.updates.text(bot.token, { userId: 55, text: 'ping' }));
      const call = await server.waitForCall((c) => c.token === bot.token && c.via === 'webhook-reply');
      expect(call.response?.status).toBe(200);
      expect(server.sent(bot.token, 55).map((m) => m.text)).toEqual(['pong']);
    } finally {
      hook.closeAllConnections();
      await new Promise((resolve) => hook.close(resolve));
    }
  });
});

describe('callback queries', () => {
  it('answers a callback query once and edits the keyboard of the message it came from', async () => {
    const chatId = await userWrites(88);
    const keyboard = { inline_keyboard: [[{ text: 'Yes', callback_data: 'yes' }]] };
    const message = await api.sendMessage(chatId, 'Confirm?', { reply_markup: keyboard });
    const update = server.updates.callbackQuery(bot.token, { userId: 88, data: 'yes', message });
    await server.pushUpdate(bot.token, update);
    const queryId = update.callback_query?.id ?? '';

    expect(await api.answerCallbackQuery(queryId, { text: 'Thanks' })).toBe(true);
    const again = await grammyError(api.answerCallbackQuery(queryId));
    expect(again.description).toBe('Bad Request: query is too old and response timeout expired or query ID is invalid');

    const edited = await api.editMessageReplyMarkup(chatId, message.message_id, {
      reply_markup: { inline_keyboard: [[{ text: 'Done', callback_data: 'done' }]] },
    });
    expect(edited).toMatchObject({ message_id: message.message_id, reply_markup: { inline_keyboard: [[{ text: 'Done', callback_data: 'done' }]] } });
    const same = await grammyError(
      api.editMessageReplyMarkup(chatId, message.message_id, { reply_markup: { inline_keyboard: [[{ text: 'Done', callback_data: 'done' }]] } }),
    );
    expect(same.description).toMatch(/^Bad Request: message is not modified/);
    const gone = await grammyError(api.editMessageReplyMarkup(chatId, 9999));
    expect(gone.description).toBe('Bad Request: message to edit not found');
    expect(server.sent(bot.token, chatId)[0]?.message.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Done', callback_data: 'done' }]] });
  });

  it('builds contact and sticker updates', async () => {
    const contact = server.updates.contact(bot.token, { userId: 31, firstName: 'Ivan', phoneNumber: '79001234567' });
    expect(contact.message?.contact).toEqual({ phone_number: '79001234567', first_name: 'Ivan', user_id: 31 });
    const sticker = server.updates.sticker(bot.token, { userId: 31, emoji: '😀' });
    expect(sticker.message?.sticker).toMatchObject({ type: 'regular', emoji: '😀', is_animated: false });
    expect(sticker.message?.message_id).toBe((contact.message?.message_id ?? 0) + 1);
  });
});
