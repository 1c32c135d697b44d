import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel } from '../../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../../test/harness';
import { startTelegramServer, type TelegramServer } from '../../../test/telegram-server';
import { buildWorld } from '../../../test/factories';
import { receiveLeadMessage } from '../../dialogs/index';
import { telegramClients } from './api';
import { receiveTelegramUpdate } from './inbound';
import { createTelegramPoller, type TelegramPoller } from './poller';

// Long polling against a local Bot API server: one poller per channel across processes (here, two
// pollers with their own holder ids on one database), the offset moving only past stored updates.
describe.each(await dialects())('Telegram long polling on %s', (dialect) => {
  let tg: TelegramServer;
  let rt: TestRuntime;
  const pollers: TelegramPoller[] = [];
  beforeAll(async () => {
    tg = await startTelegramServer();
    rt = await testRuntime(dialect, { TELEGRAM_API_ROOT: tg.url });
  });
  afterAll(async () => {
    await Promise.all(pollers.map((p) => p.stop()));
    await rt?.dispose();
    await tg?.close();
  });

  function poller(holder: string, clock = () => Date.now()) {
    const clients = telegramClients({ apiRoot: tg.url });
    const ctx = { ...rt.ctx, clock };
    const p = createTelegramPoller(
      { ctx, clients, receive: (channel, update) => receiveTelegramUpdate({ ctx, receiveLeadMessage, clients }, channel, update) },
      { pollTimeoutSec: 5, holder, leaseMs: 60_000 },
    );
    pollers.push(p);
    return p;
  }
  const storedTexts = async (channelId: number) =>
    (
      await rt.ctx.db
        .selectFrom('messages as m')
        .innerJoin('leads as l', 'l.id', 'm.lead_id')
        .select('m.text')
        .where('l.channel_id', '=', channelId)
        .where('m.author', '=', 'lead')
        .orderBy('m.id')
        .execute()
    ).map((r) => r.text);
  /** Resolves once the channel's poller has asked for updates after `updateId`: everything up to it is stored. */
  const confirmed = (token: string, updateId: number) =>
    tg.waitForCall((c) => c.token === token && c.methodLower === 'getupdates' && c.params.offset === updateId + 1);

  it('one process polls a channel; the other takes over when it stops or its lease runs out; every update is stored once', async () => {
    const w = await buildWorld(rt.ctx.db);
    const bot = tg.addBot({ token: `${6_000_000 + Math.floor(Math.random() * 1e6)}:AAH${randomBytes(16).toString('hex')}` });
    const channel = await buildChannel(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, kind: 'telegram', token: bot.token, updates: 'polling' });
    const a = poller('process-a');
    const b = poller('process-b');
    expect(await a.scan()).toContain(channel.id);
    expect(await b.scan()).not.toContain(channel.id);

    const first = await tg.pushUpdate(bot.token, tg.updates.text(bot.token, { userId: 77, firstName: 'Lev', text: 'one' }));
    await confirmed(bot.token, first.update_id);
    expect(await storedTexts(channel.id)).toEqual(['one']);

    // A stops (releasing the channel): B takes it at its next scan.
    await a.stop();
    expect(await b.scan()).toContain(channel.id);
    const second = await tg.pushUpdate(bot.token, tg.updates.text(bot.token, { userId: 77, firstName: 'Lev', text: 'two' }));
    await confirmed(bot.token, second.update_id);
    expect(await storedTexts(channel.id)).toEqual(['one', 'two']);

    // B stops renewing (as a frozen or killed process would): once its lease has run out, C takes over.
    const later = () => Date.now() + 10 * 60_000;
    const c = poller('process-c', later);
    expect(await c.scan()).toContain(channel.id);
    const third = await tg.pushUpdate(bot.token, tg.updates.text(bot.token, { userId: 77, firstName: 'Lev', text: 'three' }));
    await confirmed(bot.token, third.update_id);
    expect(await storedTexts(channel.id)).toEqual(['one', 'two', 'three']);
    const holder = await rt.ctx.db
      .selectFrom('channel_pollers')
      .select(['holder', 'update_offset'])
      .where('channel_id', '=', channel.id)
      .executeTakeFirstOrThrow();
    expect(holder).toEqual({ holder: 'process-c', update_offset: third.update_id + 1 });
  });

  it('an update that cannot be stored is asked for again, and the offset does not move past it', async () => {
    const w = await buildWorld(rt.ctx.db);
    const bot = tg.addBot({ token: `${7_000_000 + Math.floor(Math.random() * 1e6)}:AAH${randomBytes(16).toString('hex')}` });
    const channel = await buildChannel(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, kind: 'telegram', token: bot.token, updates: 'polling' });
    // Telegram answers the photo's getFile with an error once: the update is not stored, then it is.
    tg.failNext(bot.token, 'getFile', { error_code: 500, description: 'Internal Server Error' });
    const p = poller('process-d');
    await p.scan();
    const photo = await tg.pushUpdate(
      bot.token,
      tg.updates.photo(bot.token, {
        userId: 88,
        firstName: 'Mila',
        caption: 'look',
        file: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(64)]),
      }),
    );
    await confirmed(bot.token, photo.update_id);
    const getFiles = tg.calls.filter((c) => c.token === bot.token && c.methodLower === 'getfile');
    expect(getFiles.map((c) => c.response?.status)).toEqual([500, 200]);
    expect(await storedTexts(channel.id)).toEqual(['look']);
  });
});
