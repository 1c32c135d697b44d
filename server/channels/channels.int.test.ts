import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/app';
import { buildChannel, buildLead } from '../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { expectCursorRefused, readPages, withCursor } from '../../test/pages';
import { call, type Headers, httpWorld, signedInWith, strangerWorld } from '../../test/world';
import type { App } from '../http/app-type';

describe.each(await dialects())('channels routes on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let w: Awaited<ReturnType<typeof httpWorld>>;
  let editor: Headers;
  let stranger: Headers; // admin of another business
  let strangerChannelId: number;
  let deliveryId: number; // a dead delivery on w.channel

  beforeAll(async () => {
    rt = await testRuntime(dialect);
    app = await testApp(rt);
    w = await httpWorld(rt.ctx.db);
    editor = await signedInWith(rt.ctx.db, w.business.id, ['bot_editor']);
    const { world: other, headers: strangerHeaders } = await strangerWorld(rt.ctx.db);
    stranger = strangerHeaders;
    strangerChannelId = other.channel.id;
    const lead = await buildLead(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, channelId: w.channel.id });
    const row = await rt.ctx.db
      .insertInto('outbox')
      .values({
        business_id: w.business.id,
        channel_id: w.channel.id,
        lead_id: lead.id,
        message_id: null,
        payload: '{}',
        status: 'dead',
        attempts: 9,
        next_attempt_at: 1,
        locked_until: 0,
        last_error: 'HTTP 500',
        created_at: 1,
        done_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    deliveryId = row.id;
  });
  afterAll(async () => {
    await app?.close();
    await rt?.dispose();
  });

  const secretOf = async (id: number) =>
    (await rt.ctx.db.selectFrom('channels').select('webhook_secret').where('id', '=', id).executeTakeFirstOrThrow()).webhook_secret;

  it('creates an API channel, showing its webhook secret once', async () => {
    const r = await call(app, 'POST', '/api/v1/channels', w.as.admin, {
      botId: w.bot.id,
      kind: 'api',
      name: ' CRM ',
      webhookUrl: 'https://crm.example.com/hooks/metadesk',
    });
    expect(r.status).toBe(201);
    expect(r.body.channel).toMatchObject({ botId: w.bot.id, kind: 'api', name: 'CRM', webhookUrl: 'https://crm.example.com/hooks/metadesk', hasWebhook: true });
    expect(r.body.webhookSecret).toMatch(/^[\w-]{40,}$/);
    expect(await secretOf(r.body.channel.id)).toBe(r.body.webhookSecret);

    const list = await call(app, 'GET', '/api/v1/channels', editor);
    expect(list.status).toBe(200);
    expect(list.body.channels.map((c: { id: number }) => c.id)).toEqual([w.channel.id, r.body.channel.id]);
    expect(JSON.stringify(list.body)).not.toContain(r.body.webhookSecret);
    expect(list.body.channels[0]).toMatchObject({ webhookUrl: null, hasWebhook: false });
    expect(list.body.channels[1]).not.toHaveProperty('webhookSecret');
  });

  it('filters by bot, and a channel without webhook can be created by a bot editor', async () => {
    const bot = await call(app, 'POST', '/api/v1/bots', editor, { name: 'Second bot' });
    const r = await call(app, 'POST', '/api/v1/channels', editor, { botId: bot.body.bot.id, kind: 'api', name: 'Plain' });
    expect(r.status).toBe(201);
    expect(r.body.channel).toMatchObject({ webhookUrl: null, hasWebhook: false });
    const list = await call(app, 'GET', `/api/v1/channels?botId=${bot.body.bot.id}`, w.as.admin);
    expect(list.body.channels.map((c: { id: number }) => c.id)).toEqual([r.body.channel.id]);
  });

  it('renames a channel and sets or removes its webhook URL', async () => {
    const ch = await buildChannel(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id });
    let r = await call(app, 'PATCH', `/api/v1/channels/${ch.id}`, w.as.admin, { name: 'Renamed', webhookUrl: 'http://10.0.0.5:8080/in' });
    expect(r.status).toBe(200);
    expect(r.body.channel).toMatchObject({ name: 'Renamed', webhookUrl: 'http://10.0.0.5:8080/in', hasWebhook: true });
    r = await call(app, 'PATCH', `/api/v1/channels/${ch.id}`, w.as.admin, { webhookUrl: null });
    expect(r.body.channel).toMatchObject({ name: 'Renamed', webhookUrl: null, hasWebhook: false });
    r = await call(app, 'PATCH', `/api/v1/channels/${ch.id}`, w.as.admin, {});
    expect(r.body.channel.name).toBe('Renamed');
  });

  it('rotates the webhook secret, returning the new one', async () => {
    const before = await secretOf(w.channel.id);
    const r = await call(app, 'POST', `/api/v1/channels/${w.channel.id}/rotate-secret`, w.as.admin);
    expect(r.status).toBe(200);
    expect(r.body.channel.id).toBe(w.channel.id);
    expect(r.body.webhookSecret).not.toBe(before);
    expect(await secretOf(w.channel.id)).toBe(r.body.webhookSecret);
  });

  it('names what is missing: a Telegram channel without its token, or with one that is not a token', async () => {
    const telegram = await call(app, 'POST', '/api/v1/channels', w.as.admin, { botId: w.bot.id, kind: 'telegram', name: 'TG' });
    expect(telegram.status).toBe(400);
    expect(telegram.body.error.details[0].path).toBe('body.token');
    const badToken = await call(app, 'POST', '/api/v1/channels', w.as.admin, { botId: w.bot.id, kind: 'telegram', name: 'TG', token: 'not a token' });
    expect(badToken.body.error.details[0]).toEqual({ path: 'body.token', message: expect.stringContaining('@BotFather') });
  });

  it.each([
    ['POST', '/api/v1/channels', { kind: 'api', name: 'x' }, 'body.botId'],
    ['POST', '/api/v1/channels', { botId: 'BOT', kind: 'sms', name: 'x' }, 'body.kind'],
    ['POST', '/api/v1/channels', { botId: 'BOT', kind: 'api', name: '' }, 'body.name'],
    ['POST', '/api/v1/channels', { botId: 'BOT', kind: 'api', name: 'x', webhookUrl: 'ftp://files.example.com/' }, 'body.webhookUrl'],
    ['POST', '/api/v1/channels', { botId: 'BOT', kind: 'api', name: 'x', webhookUrl: 'not a url' }, 'body.webhookUrl'],
    ['POST', '/api/v1/channels', { botId: 'BOT', kind: 'api', name: 'x', webhookUrl: 'https://u:p@crm.example.com/' }, 'body.webhookUrl'],
    ['PATCH', '/api/v1/channels/CH', { webhookUrl: 'javascript:alert(1)' }, 'body.webhookUrl'],
    ['PATCH', '/api/v1/channels/CH', { name: 7 }, 'body.name'],
    ['GET', '/api/v1/channels?botId=abc', undefined, 'querystring.botId'],
    ['GET', '/api/v1/channels/CH/deliveries?status=done', undefined, 'querystring.status'],
  ] as const)('%s %s with %j is a 400 naming %s', async (method, url, payload, field) => {
    const body = payload && JSON.parse(JSON.stringify(payload).replace('"BOT"', String(w.bot.id)));
    const r = await call(app, method, url.replace('CH', String(w.channel.id)), w.as.admin, body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    expect(r.body.error.message).toContain(field);
  });

  it("lists a channel's stuck deliveries, by status", async () => {
    const all = await call(app, 'GET', `/api/v1/channels/${w.channel.id}/deliveries`, editor);
    expect(all.status).toBe(200);
    expect(all.body).toEqual({
      deliveries: [expect.objectContaining({ id: deliveryId, status: 'dead', attempts: 9, lastError: 'HTTP 500' })],
      nextCursor: null,
    });
    expect((await call(app, 'GET', `/api/v1/channels/${w.channel.id}/deliveries?status=pending`, editor)).body.deliveries).toEqual([]);
  });

  it('pages through deliveries oldest first with a cursor, keeping the status filter', async () => {
    const channel = await buildChannel(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id });
    const lead = await buildLead(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, channelId: channel.id });
    const statuses = ['pending', 'dead', 'done', 'pending', 'dead', 'pending'] as const;
    const ids: number[] = [];
    for (const status of statuses) {
      const row = await rt.ctx.db
        .insertInto('outbox')
        .values({
          business_id: w.business.id,
          channel_id: channel.id,
          lead_id: lead.id,
          message_id: null,
          payload: '{}',
          status,
          attempts: 1,
          next_attempt_at: 1,
          locked_until: 0,
          last_error: status === 'done' ? null : 'HTTP 500',
          created_at: 1,
          done_at: status === 'done' ? 1 : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    const url = `/api/v1/channels/${channel.id}/deliveries`;
    const pageIds = async (query: string) =>
      (await readPages((cursor) => call(app, 'GET', withCursor(`${url}${query}`, cursor), editor))).map((p) => p.deliveries.map((d: { id: number }) => d.id));
    const [p0, p1, , p3, p4, p5] = ids;
    expect(await pageIds('?limit=2')).toEqual([[p0, p1], [p3, p4], [p5]]);
    expect(await pageIds('?status=pending&limit=2')).toEqual([[p0, p3], [p5]]);
    expectCursorRefused(await call(app, 'GET', `${url}?cursor=zzz`, editor));
  });

  /** Every route, pointed at w's bot, channel and delivery. */
  const routes = () =>
    [
      ['GET', `/api/v1/channels?botId=${w.bot.id}`, undefined],
      ['POST', '/api/v1/channels', { botId: w.bot.id, kind: 'api', name: 'Sneaky' }],
      ['PATCH', `/api/v1/channels/${w.channel.id}`, { name: 'Sneaky', webhookUrl: 'https://evil.example.com/' }],
      ['POST', `/api/v1/channels/${w.channel.id}/rotate-secret`, undefined],
      ['GET', `/api/v1/channels/${w.channel.id}/deliveries`, undefined],
      ['POST', `/api/v1/channels/${w.channel.id}/deliveries/${deliveryId}/retry`, undefined],
    ] as const;

  it('answers 401 without credentials and 403 to an operator on every route', async () => {
    expect((await call(app, 'GET', '/api/v1/channels', {})).status).toBe(401);
    for (const [method, url, payload] of routes()) {
      expect((await call(app, method, url, {}, payload)).status, `${method} ${url}`).toBe(401);
      const r = await call(app, method, url, w.as.olga, payload);
      expect(r.status, `${method} ${url}`).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
  });

  it("answers 404 to another business's admin on every route, and changes nothing", async () => {
    const secret = await secretOf(w.channel.id);
    for (const [method, url, payload] of routes()) {
      const r = await call(app, method, url, stranger, payload);
      expect(r.status, `${method} ${url}`).toBe(404);
      expect(r.body.error.code).toBe('not_found');
    }
    // Their own channel with our delivery id is no way in either.
    expect((await call(app, 'POST', `/api/v1/channels/${strangerChannelId}/deliveries/${deliveryId}/retry`, stranger)).status).toBe(404);
    const ours = await rt.ctx.db.selectFrom('channels').selectAll().where('id', '=', w.channel.id).executeTakeFirstOrThrow();
    expect(ours).toMatchObject({ webhook_secret: secret, webhook_url: null });
    expect(ours.name).not.toBe('Sneaky');
    expect((await rt.ctx.db.selectFrom('outbox').select('status').where('id', '=', deliveryId).executeTakeFirstOrThrow()).status).toBe('dead');
    const theirs = await call(app, 'GET', '/api/v1/channels', stranger);
    expect(theirs.body.channels.map((c: { id: number }) => c.id)).toEqual([strangerChannelId]);
  });

  it('retries a dead delivery: pending and due now; a delivered one is a 409', async () => {
    const before = rt.ctx.clock();
    const r = await call(app, 'POST', `/api/v1/channels/${w.channel.id}/deliveries/${deliveryId}/retry`, w.as.admin);
    expect(r.status).toBe(200);
    expect(r.body.delivery).toMatchObject({ id: deliveryId, status: 'pending', attempts: 0 });
    // Due now: at the moment of the retry, read from the same clock the server uses.
    expect(r.body.delivery.nextAttemptAt).toBeGreaterThanOrEqual(before);
    expect(r.body.delivery.nextAttemptAt).toBeLessThanOrEqual(rt.ctx.clock());
    await rt.ctx.db.updateTable('outbox').set({ status: 'done' }).where('id', '=', deliveryId).execute();
    const again = await call(app, 'POST', `/api/v1/channels/${w.channel.id}/deliveries/${deliveryId}/retry`, w.as.admin);
    expect(again.status).toBe(409);
    expect((await call(app, 'POST', `/api/v1/channels/${w.channel.id}/deliveries/999999/retry`, w.as.admin)).status).toBe(404);
  });
});
