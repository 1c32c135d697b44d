import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app';
import { dialects, testRuntime, type TestRuntime } from '../../../test/harness';
import { freePort } from '../../../test/server-process';
import { startTelegramServer, type TelegramServer } from '../../../test/telegram-server';
import { call, httpWorld, type Answer } from '../../../test/world';
import type { App } from '../../http/app-type';
import { createOutboxWorker, type OutboxWorker } from '../outbox-worker';
import { telegramClients } from './api';
import { createTelegramOutbound } from './outbound';

let tokens = 0;
const newToken = () => `${6_000_000 + ++tokens}:AAH${randomBytes(16).toString('hex')}`;

// The satisfaction survey in Telegram, against the local Bot API server: the question comes with an
// inline keyboard 1–5, and pressing a button is the rating.
describe.each(await dialects())('satisfaction survey in Telegram on %s', (dialect) => {
  let tg: TelegramServer;
  let rt: TestRuntime;
  let app: App;
  let outbox: OutboxWorker;

  beforeAll(async () => {
    tg = await startTelegramServer();
    const port = await freePort();
    rt = await testRuntime(dialect, { TELEGRAM_API_ROOT: tg.url, PUBLIC_URL: `http://127.0.0.1:${port}` });
    app = await testApp(rt);
    await app.listen({ port, host: '127.0.0.1' });
    outbox = createOutboxWorker(rt.ctx, { adapters: { telegram: createTelegramOutbound({ ctx: rt.ctx, clients: telegramClients({ apiRoot: tg.url }) }) } });
  });
  afterAll(async () => {
    await outbox?.stop();
    await app?.close();
    await rt?.dispose();
    await tg?.close();
  });

  it("asks with an inline keyboard 1–5 in the lead's language, and a press stores the rating", async () => {
    const w = await httpWorld(rt.ctx.db);
    const bot = tg.addBot({ token: newToken() });
    const created = await call(app, 'POST', '/api/v1/channels', w.as.admin, {
      botId: w.bot.id,
      kind: 'telegram',
      name: 'Telegram',
      token: bot.token,
      updates: 'webhook',
    });
    expect(created.status).toBe(201);
    const settings = await call(app, 'PATCH', '/api/v1/business', w.as.admin, {
      settings: {
        csat: {
          enabled: true,
          askComment: false,
          question: { en: 'Rate us', ru: 'Оцените нас' },
          commentQuestion: { en: 'More?', ru: 'Ещё?' },
          thanks: { en: 'Thanks!', ru: 'Спасибо!' },
        },
      },
    });
    expect(settings.status).toBe(200);
    await tg.pushUpdate(bot.token, tg.updates.text(bot.token, { userId: 3003, firstName: 'Ira', languageCode: 'ru', text: 'Здравствуйте' }));
    const lead = await rt.ctx.db.selectFrom('leads').selectAll().where('channel_id', '=', created.body.channel.id).executeTakeFirstOrThrow();
    const t = await call(app, 'POST', `/api/v1/leads/${lead.id}/transfer-to-operators`, w.as.bot, {});
    await call(app, 'POST', `/api/v1/dialogs/${t.body.dialog.id}/take`, w.as.olga);
    expect((await call(app, 'POST', `/api/v1/dialogs/${t.body.dialog.id}/close`, w.as.olga)).status).toBe(200);
    await outbox.runOnce();

    const [question] = tg.sent(bot.token, 3003);
    expect(question).toMatchObject({ method: 'sendMessage', text: 'Оцените нас' });
    const keyboard = (question!.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard;
    expect(keyboard.flat().map((b) => b.text)).toEqual(['1', '2', '3', '4', '5']);

    const press = tg.updates.callbackQuery(bot.token, {
      userId: 3003,
      firstName: 'Ira',
      languageCode: 'ru',
      data: keyboard.flat()[4]!.callback_data,
      message: question!.message,
    });
    expect((await tg.pushUpdate(bot.token, press)).webhookStatus).toBe(200);
    const dialogs = (await call(app, 'GET', `/api/v1/leads/${lead.id}/dialogs`, w.as.admin)).body.dialogs as Answer[];
    expect(dialogs[0].rating).toMatchObject({ score: 5, comment: null });
    const history = (await call(app, 'GET', `/api/v1/leads/${lead.id}/messages`, w.as.admin)).body.messages as Answer[];
    expect(history.slice(-2).map((m) => [m.author, m.text])).toEqual([
      ['lead', '5'],
      ['bot', 'Спасибо!'],
    ]);
    await outbox.runOnce();
    expect(tg.sent(bot.token, 3003).map((m) => m.text)).toEqual(['Оцените нас', 'Спасибо!']);
  });
});
