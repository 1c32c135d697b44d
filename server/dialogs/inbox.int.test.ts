import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dialects, type TestRuntime } from '../../test/harness';
import { buildBot, buildChannel } from '../../test/factories';
import { expectCursorRefused } from '../../test/pages';
import { call, httpWorld, leadSays } from '../../test/world';
import type { App } from '../http/app-type';

describe.each(await dialects())('dialog panel views on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));

  const ids = (body: { rows: { leadId: number }[] }) => body.rows.map((r) => r.leadId);

  it('puts each lead in the right tabs with live counts', async () => {
    const w = await httpWorld(rt.ctx.db);
    const withBot = (await leadSays(app, w, 'b1', 'hi')).leadId;
    const waitingOld = (await leadSays(app, w, 'w1', 'first')).leadId;
    const waitingNew = (await leadSays(app, w, 'w2', 'second')).leadId;
    const mine = (await leadSays(app, w, 'm1', 'mine')).leadId;
    const others = (await leadSays(app, w, 'o1', 'pavel')).leadId;
    for (const l of [waitingOld, waitingNew, mine, others]) await call(app, 'POST', `/api/v1/leads/${l}/transfer-to-operators`, w.as.bot, {});
    await call(app, 'POST', `/api/v1/leads/${mine}/messages`, w.as.olga, { text: 'taking' });
    await call(app, 'POST', `/api/v1/leads/${others}/messages`, w.as.pavel, { text: 'taking' });
    await leadSays(app, w, 'm1', 'thanks olga');

    const tab = async (t: string) => (await call(app, 'GET', `/api/v1/inbox?tab=${t}`, w.as.olga)).body;
    expect(ids(await tab('waiting'))).toEqual([waitingOld, waitingNew]);
    expect(ids(await tab('mine'))).toEqual([mine]);
    expect(new Set(ids(await tab('open')))).toEqual(new Set([mine, others]));
    expect(ids(await tab('all'))).toHaveLength(5);
    expect(ids(await tab('all'))[0]).toBe(mine);
    expect(ids(await tab('all'))).toContain(withBot);
    // The page tells the seq it was read at: a socket opened with since = seq misses nothing.
    const logged = await rt.ctx.db.selectFrom('events').select('seq').where('business_id', '=', w.business.id).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect((await tab('all')).seq).toBe(logged.seq);
    const counts = await call(app, 'GET', '/api/v1/inbox/counts', w.as.olga);
    expect(counts.body).toEqual({ waiting: 2, mine: 1, open: 2, all: 5, mineUnread: 1 });
    const mineRow = (await tab('mine')).rows[0];
    expect(mineRow).toMatchObject({
      name: 'Lead m1',
      botName: 'Shop bot',
      channelKind: 'api',
      state: 'operator',
      unreadCount: 1,
      lastMessagePreview: 'thanks olga',
      lastMessageAuthor: 'lead',
    });
  });

  it('searches names, phones and message text case-insensitively, Cyrillic included', async () => {
    const w = await httpWorld(rt.ctx.db);
    const ira = (await leadSays(app, w, 's1', 'Здравствуйте', 'Ирина Петрова')).leadId;
    const bob = (await leadSays(app, w, 's2', 'Where is my ORDER 100%?', 'Bob')).leadId;
    const phone = (await leadSays(app, w, 's3', 'hi', 'Carl')).leadId;
    await call(app, 'PATCH', `/api/v1/leads/${phone}`, w.as.admin, { setAttributes: { sys_phone: '+7 999 123-45-67' } });
    const q = async (s: string) => ids((await call(app, 'GET', `/api/v1/inbox?tab=all&q=${encodeURIComponent(s)}`, w.as.olga)).body);
    expect(await q('ирина')).toEqual([ira]);
    expect(await q('ЗДРАВСТ')).toEqual([ira]);
    expect(await q('order')).toEqual([bob]);
    expect(await q('100%')).toEqual([bob]);
    expect(await q('%')).toEqual([bob]);
    expect(await q('123-45')).toEqual([phone]);
    expect(await q('8 999 123')).toEqual([]); // a national prefix is not part of the stored +7 number…
    expect(await q('999 123')).toEqual([phone]); // …but the digits are
    expect(await q('nobody')).toEqual([]);
  });

  it('filters by bot and messenger and pages with a cursor without gaps or repeats', async () => {
    const w = await httpWorld(rt.ctx.db);
    const otherBot = await buildBot(rt.ctx.db, { businessId: w.business.id, name: 'Support bot' });
    const tg = await buildChannel(rt.ctx.db, { businessId: w.business.id, botId: otherBot.id, kind: 'telegram' });
    const now = Date.now();
    const tgLead = await rt.ctx.db
      .insertInto('leads')
      .values({
        business_id: w.business.id,
        bot_id: otherBot.id,
        channel_id: tg.id,
        messenger_id: 'tg1',
        name: 'Telegram lead',
        state: 'bot',
        unread_count: 0,
        is_forwarded: 0,
        created_at: now,
        last_activity_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const made: number[] = [];
    for (let i = 0; i < 7; i++) made.push((await leadSays(app, w, `p${i}`, `msg ${i}`)).leadId);
    expect(ids((await call(app, 'GET', `/api/v1/inbox?tab=all&botId=${otherBot.id}`, w.as.olga)).body)).toEqual([tgLead.id]);
    expect(ids((await call(app, 'GET', '/api/v1/inbox?tab=all&channelKind=telegram', w.as.olga)).body)).toEqual([tgLead.id]);
    const seen: number[] = [];
    let pages = 0;
    let cursor: string | null = null;
    let second: string | null = null;
    do {
      const page: { status: number; body: { rows: { leadId: number }[]; nextCursor: string | null } } = await call(
        app,
        'GET',
        `/api/v1/inbox?tab=all&botId=${w.bot.id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        w.as.olga,
      );
      expect(page.status).toBe(200);
      seen.push(...ids(page.body));
      pages += 1;
      second ??= page.body.nextCursor;
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
    expect(pages).toBe(3);
    expectCursorRefused(await call(app, 'GET', '/api/v1/inbox?tab=all&cursor=zzz', w.as.olga));
    // Waiting sorts by another key: a cursor of the other tabs means nothing there.
    expectCursorRefused(await call(app, 'GET', `/api/v1/inbox?tab=waiting&cursor=${second}`, w.as.olga));
    const badTab = await call(app, 'GET', '/api/v1/inbox?tab=nope', w.as.olga);
    expect(badTab.status).toBe(400);
    expect(badTab.body.error.message).toContain('querystring.tab');
  });
});
