import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/app';
import { buildChannel, buildLead } from '../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { startReceiver, type Receiver } from '../../test/webhook-receiver';
import { call, httpWorld, signedInWith, strangerWorld, type Headers } from '../../test/world';
import type { App } from '../app';
import type { AppContext } from '../context';
import { sendOperatorMessage } from '../dialogs/send-operator-message';
import { commit } from '../realtime/commit';
import { GIVE_UP_AFTER_MS } from './delivery.rules';
import { createOutboxWorker, type OutboxWorker } from './outbox-worker';

// GET /api/v1/channels/:id/health over real outbox rows: a webhook that fails, then recovers.
describe.each(await dialects())('channel health on %s', (dialect) => {
  let rt: TestRuntime;
  let ctx: AppContext; // the worker's context, on a clock the test moves (the app keeps the real one: sessions expire)
  let now: number;
  let app: App;
  let w: Awaited<ReturnType<typeof httpWorld>>;
  let receiver: Receiver;
  let worker: OutboxWorker;
  let editor: Headers;

  beforeAll(async () => {
    rt = await testRuntime(dialect);
    now = Date.now();
    ctx = { ...rt.ctx, clock: () => now };
    app = await testApp(rt);
    w = await httpWorld(rt.ctx.db);
    editor = await signedInWith(rt.ctx.db, w.business.id, ['bot_editor']);
    worker = createOutboxWorker(ctx, { random: () => 1 });
  });
  afterEach(async () => {
    await receiver?.close();
  });
  afterAll(async () => {
    await worker?.stop();
    await app?.close();
    await rt?.dispose();
  });

  const health = async (channelId: number, as: Headers = w.as.admin) => {
    const r = await call(app, 'GET', `/api/v1/channels/${channelId}/health`, as);
    expect(r.status).toBe(200);
    return r.body.health;
  };
  const actor = () => ({ kind: 'user' as const, businessId: w.business.id, userId: w.admin.id, roles: ['admin' as const, 'operator' as const], name: 'Admin' });
  const write = async (leadId: number, text: string) =>
    (await commit(ctx, w.business.id, (tx) => sendOperatorMessage(tx, { actor: actor(), leadId, text, now }))).result.message;

  it('follows a webhook that fails, is given up, and gets through after Retry', async () => {
    receiver = await startReceiver(() => 500);
    const created = await call(app, 'POST', '/api/v1/channels', w.as.admin, { botId: w.bot.id, kind: 'api', name: 'CRM', webhookUrl: receiver.url });
    const channelId = created.body.channel.id as number;
    const quiet = { lastDeliveredAt: null, failing: 0, dead: 0, waiting: 0, lastError: null, telegram: null };
    expect(await health(channelId)).toEqual(quiet);

    const lead = await buildLead(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, channelId });
    const message = await write(lead.id, 'Your order has shipped');
    expect(await health(channelId)).toEqual({ ...quiet, waiting: 1 });

    expect(await worker.runOnce()).toBe(1);
    expect(await health(channelId)).toEqual({ ...quiet, failing: 1, lastError: 'HTTP 500: receiver says 500' });

    now += GIVE_UP_AFTER_MS;
    await worker.runOnce();
    expect(await health(channelId, editor)).toEqual({ ...quiet, failing: 1, dead: 1, lastError: 'HTTP 500: receiver says 500' });

    // The receiver is fixed; Retry re-arms the dead row, the worker delivers it.
    receiver.respond = () => 200;
    const [dead] = (await call(app, 'GET', `/api/v1/channels/${channelId}/deliveries?status=dead`, w.as.admin)).body.deliveries;
    expect(dead.messageId).toBe(message.id);
    expect((await call(app, 'POST', `/api/v1/channels/${channelId}/deliveries/${dead.id}/retry`, w.as.admin)).status).toBe(200);
    expect(await health(channelId)).toEqual({ ...quiet, waiting: 1 });
    now += 1_000;
    expect(await worker.runOnce()).toBe(1);
    expect(await health(channelId)).toEqual({ ...quiet, lastDeliveredAt: now });
    expect(receiver.receipts).toHaveLength(3);
  });

  it("counts only the channel's own rows, and names the newest failure", async () => {
    receiver = await startReceiver((r) => (JSON.parse(r.body).message.text === 'first' ? 502 : 503));
    const a = await buildChannel(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, webhookUrl: receiver.url });
    const b = await buildChannel(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, webhookUrl: receiver.url });
    const leadA1 = await buildLead(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, channelId: a.id });
    const leadA2 = await buildLead(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, channelId: a.id });
    const leadB = await buildLead(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, channelId: b.id });
    await write(leadA1.id, 'first');
    await write(leadA2.id, 'second');
    await write(leadB.id, 'elsewhere');
    await write(leadA1.id, 'behind the first'); // waits behind its lead's failing message, never tried
    now += 1;
    expect(await worker.runOnce()).toBe(3);
    expect(await health(a.id)).toMatchObject({ failing: 2, dead: 0, waiting: 1, lastError: 'HTTP 503: receiver says 503' });
    expect(await health(b.id)).toMatchObject({ failing: 1, dead: 0, waiting: 0 });
  });

  it('says how a Telegram channel gets its updates, and whether a server polls it now', async () => {
    const polling = await buildChannel(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, kind: 'telegram', updates: 'polling' });
    const hooked = await buildChannel(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, kind: 'telegram', updates: 'webhook' });
    expect((await health(polling.id)).telegram).toEqual({ updates: 'polling', pollerActive: false });
    const real = Date.now();
    await rt.ctx.db
      .insertInto('channel_pollers')
      .values({ channel_id: polling.id, holder: 'proc-1', locked_until: real + 60_000, update_offset: 0 })
      .execute();
    expect((await health(polling.id)).telegram).toEqual({ updates: 'polling', pollerActive: true });
    // A lease that ran out is a poller that died: nobody polls until another process takes it over.
    await rt.ctx.db
      .updateTable('channel_pollers')
      .set({ locked_until: real - 1 })
      .where('channel_id', '=', polling.id)
      .execute();
    expect((await health(polling.id)).telegram).toEqual({ updates: 'polling', pollerActive: false });
    expect((await health(hooked.id)).telegram).toEqual({ updates: 'webhook', pollerActive: false });
  });

  it("is a 404 for another business's admin, a 403 for an operator, a 401 without credentials", async () => {
    const { world: other, headers: stranger } = await strangerWorld(rt.ctx.db);
    const r = await call(app, 'GET', `/api/v1/channels/${w.channel.id}/health`, stranger);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
    expect((await call(app, 'GET', `/api/v1/channels/${other.channel.id}/health`, stranger)).status).toBe(200);
    expect((await call(app, 'GET', `/api/v1/channels/${w.channel.id}/health`, w.as.olga)).status).toBe(403);
    expect((await call(app, 'GET', `/api/v1/channels/${w.channel.id}/health`, {})).status).toBe(401);
    expect((await call(app, 'GET', '/api/v1/channels/abc/health', w.as.admin)).status).toBe(400);
  });
});
