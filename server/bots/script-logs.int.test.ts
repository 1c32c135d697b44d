import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/app';
import { buildBot, buildLead } from '../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { expectCursorRefused, readPages, withCursor } from '../../test/pages';
import { call, type Headers, httpWorld, signedInWith } from '../../test/world';
import type { App } from '../http/app-type';

describe.each(await dialects())('script logs route on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let w: Awaited<ReturnType<typeof httpWorld>>;
  let writer: Headers;
  let leadId: number;
  const ids: number[] = []; // of w.bot's lines, oldest first

  beforeAll(async () => {
    rt = await testRuntime(dialect);
    app = await testApp(rt);
    w = await httpWorld(rt.ctx.db);
    writer = await signedInWith(rt.ctx.db, w.business.id, ['script_editor']);
    leadId = (await buildLead(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, channelId: w.channel.id })).id;
    const otherBot = await buildBot(rt.ctx.db, { businessId: w.business.id });
    // The bot runtime writes these; here they are written as it would.
    const line = (botId: number, level: 'log' | 'info' | 'warn' | 'error', message: string, lead: number | null) =>
      rt.ctx.db
        .insertInto('script_logs')
        .values({ business_id: w.business.id, bot_id: botId, lead_id: lead, script: 'start', level, message, created_at: Date.now() })
        .returning('id')
        .executeTakeFirstOrThrow();
    for (let i = 0; i < 5; i++) ids.push((await line(w.bot.id, i % 2 ? 'error' : 'log', `line ${i}`, i < 3 ? leadId : null)).id);
    await line(otherBot.id, 'error', 'another bot', leadId);
  });
  afterAll(async () => {
    await app?.close();
    await rt?.dispose();
  });

  const logs = (query = '') => call(app, 'GET', `/api/v1/bots/${w.bot.id}/logs${query}`, writer);

  it("lists a bot's lines newest first, only that bot's", async () => {
    const r = await logs();
    expect(r.status).toBe(200);
    expect(r.body.nextCursor).toBeNull();
    expect(r.body.logs.map((l: { message: string }) => l.message)).toEqual(['line 4', 'line 3', 'line 2', 'line 1', 'line 0']);
    expect(r.body.logs[0]).toEqual({ id: ids[4], leadId: null, script: 'start', level: 'log', message: 'line 4', createdAt: expect.any(Number) });
  });

  it('filters by lead and level, and pages with a cursor', async () => {
    expect((await logs(`?leadId=${leadId}`)).body.logs.map((l: { id: number }) => l.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect((await logs('?level=error')).body.logs.map((l: { message: string }) => l.message)).toEqual(['line 3', 'line 1']);
    const pages = await readPages((cursor) => logs(withCursor('?limit=2', cursor)));
    expect(pages.map((p) => p.logs.map((l: { id: number }) => l.id))).toEqual([[ids[4], ids[3]], [ids[2], ids[1]], [ids[0]]]);
    // The filter goes on with the cursor: the next page of one lead's lines.
    const lead = await readPages((cursor) => logs(withCursor(`?leadId=${leadId}&limit=2`, cursor)));
    expect(lead.map((p) => p.logs.map((l: { id: number }) => l.id))).toEqual([[ids[2], ids[1]], [ids[0]]]);
    expectCursorRefused(await logs('?cursor=zzz'));
  });

  it.each([
    ['?level=debug', 'querystring.level'],
    ['?limit=0', 'querystring.limit'],
    ['?limit=101', 'querystring.limit'],
    [`?cursor=${'x'.repeat(201)}`, 'querystring.cursor'],
    ['?leadId=-1', 'querystring.leadId'],
  ])('%s is a 400 naming %s', async (query, field) => {
    const r = await logs(query);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain(field);
  });
});
