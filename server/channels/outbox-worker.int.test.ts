import { MessageCreatedWebhook } from '../../contracts/webhooks';
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EventData } from '../../contracts/events';
import { buildLead, buildChannel } from '../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { eventually, startReceiver, type Receiver } from '../../test/webhook-receiver';
import { httpWorld, call } from '../../test/world';
import type { AppContext } from '../context';
import { sendOperatorMessage } from '../dialogs/send-operator-message';
import { buildApp, type App } from '../app';
import { commit } from '../realtime/commit';
import { listEventsSince } from '../realtime/event-log.repo';
import { GIVE_UP_AFTER_MS } from './delivery.rules';
import { claimDelivery, listDueDeliveries } from './outbox.repo';
import { createOutboxWorker, type OutboxWorker } from './outbox-worker';

describe.each(await dialects())('outbox delivery to API webhooks on %s', (dialect) => {
  let rt: TestRuntime;
  let w: Awaited<ReturnType<typeof httpWorld>>;
  let now: number;
  let ctx: AppContext; // the runtime's context on a clock the test moves
  let app: App;
  let receiver: Receiver;
  const workers: OutboxWorker[] = [];

  beforeAll(async () => {
    rt = await testRuntime(dialect);
    ctx = { ...rt.ctx, clock: () => now };
    app = await buildApp(ctx);
    w = await httpWorld(rt.ctx.db);
  });
  afterAll(async () => {
    await app?.close();
    await rt?.dispose();
  });
  beforeEach(async () => {
    now = Date.now();
    await rt.ctx.db.deleteFrom('outbox').execute(); // each test sees only its own deliveries
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((x) => x.stop()));
    await receiver?.close();
  });

  /** A worker with deterministic back-off (the full step, no jitter), stopped after the test. */
  const worker = (o: Parameters<typeof createOutboxWorker>[1] = {}, c: AppContext = ctx) => {
    const x = createOutboxWorker(c, { random: () => 1, ...o });
    workers.push(x);
    return x;
  };
  /** A new lead on a new API channel whose webhook is the test's receiver. */
  const leadOnWebhook = async (url: string, channelId?: number) => {
    const channel = channelId ? { id: channelId } : await buildChannel(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, webhookUrl: url });
    return buildLead(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, channelId: channel.id });
  };
  const actor = () => ({ kind: 'user' as const, businessId: w.business.id, userId: w.admin.id, roles: ['admin' as const, 'operator' as const], name: 'Admin' });
  const write = async (leadId: number, text: string) =>
    (await commit(ctx, w.business.id, (tx) => sendOperatorMessage(tx, { actor: actor(), leadId, text, now }))).result.message;
  const delivery = async (messageId: number) =>
    (await rt.ctx.db.selectFrom('messages').select('delivery').where('id', '=', messageId).executeTakeFirstOrThrow()).delivery;
  const outboxOf = (messageId: number) => rt.ctx.db.selectFrom('outbox').selectAll().where('message_id', '=', messageId).executeTakeFirstOrThrow();
  const updates = async (messageId: number) =>
    (await listEventsSince(rt.ctx.db, w.business.id, 0, 10_000))
      .filter((e) => e.type === 'message.updated' && (e.data as EventData<'message.updated'>).message.id === messageId)
      .map((e) => (e.data as EventData<'message.updated'>).message.delivery);
  const textsOf = (r: Receiver) => r.receipts.map((x) => (JSON.parse(x.body) as { message: { text: string } }).message.text);

  it('wakes on the new message, delivers it signed, and marks it sent with a message.updated event', async () => {
    receiver = await startReceiver();
    const lead = await leadOnWebhook(receiver.url);
    worker({ pollMs: 60_000 }).start(); // polling too slow to matter: the bus event must wake it
    const message = await write(lead.id, 'Your order has shipped');
    expect(message.delivery).toBe('pending');

    await eventually(async () => (await delivery(message.id)) === 'sent');
    expect(receiver.receipts).toHaveLength(1);
    const [r] = receiver.receipts;
    const row = await outboxOf(message.id);
    const channel = await rt.ctx.db.selectFrom('channels').select('webhook_secret').where('id', '=', lead.channel_id).executeTakeFirstOrThrow();
    const ts = String(r?.headers['x-metadesk-timestamp']);
    expect(r?.headers['x-metadesk-signature']).toBe(`sha256=${createHmac('sha256', channel.webhook_secret).update(`${ts}.${r?.body}`).digest('hex')}`);
    expect(r?.headers['x-metadesk-event']).toBe('message.created');
    expect(r?.deliveryId).toBe(String(row.id));
    expect(JSON.parse(r?.body ?? '')).toMatchObject({
      event: 'message.created',
      lead: { id: lead.id, messengerId: lead.messenger_id },
      message: { id: message.id, author: 'operator', authorName: 'Admin', text: 'Your order has shipped' },
    });
    // The body is what the API document's `message.created` webhook says it is.
    expect(() => MessageCreatedWebhook.parse(JSON.parse(r?.body ?? ''))).not.toThrow();
    expect(row).toMatchObject({ status: 'done', attempts: 1, done_at: now });
    expect(await updates(message.id)).toEqual(['sent']);
  });

  it('retries a failing receiver with back-off: 500, 500, 200 → three receipts, failed then sent', async () => {
    receiver = await startReceiver((_r, n) => (n <= 2 ? 500 : 200));
    const lead = await leadOnWebhook(receiver.url);
    const x = worker();
    const message = await write(lead.id, 'hello');

    expect(await x.runOnce()).toBe(1);
    expect(await delivery(message.id)).toBe('failed');
    expect(await outboxOf(message.id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'HTTP 500: receiver says 500',
      next_attempt_at: now + 2_000,
    });
    expect(await x.runOnce()).toBe(0); // backing off
    now += 2_000;
    expect(await x.runOnce()).toBe(1);
    expect(await outboxOf(message.id)).toMatchObject({ status: 'pending', attempts: 2, next_attempt_at: now + 4_000 });
    now += 4_000;
    expect(await x.runOnce()).toBe(1);

    expect(receiver.receipts).toHaveLength(3);
    expect(new Set(receiver.receipts.map((r) => r.deliveryId)).size).toBe(1); // one delivery id to dedupe on
    expect(await outboxOf(message.id)).toMatchObject({ status: 'done', attempts: 3 });
    expect(await delivery(message.id)).toBe('sent');
    expect(await updates(message.id)).toEqual(['failed', 'sent']); // no event per retry
  });

  it("waits as long as the adapter's retryAfterMs says (a 429), instead of the back-off", async () => {
    receiver = await startReceiver();
    const lead = await leadOnWebhook(receiver.url);
    let calls = 0;
    const x = worker({ adapters: { api: async () => (++calls === 1 ? { ok: false, error: 'HTTP 429: slow down', retryAfterMs: 45_000 } : { ok: true }) } });
    const message = await write(lead.id, 'rate limited');

    expect(await x.runOnce()).toBe(1);
    expect(await outboxOf(message.id)).toMatchObject({ status: 'pending', attempts: 1, last_error: 'HTTP 429: slow down', next_attempt_at: now + 45_000 });
    now += 44_999;
    expect(await x.runOnce()).toBe(0);
    now += 1;
    expect(await x.runOnce()).toBe(1);
    expect(await delivery(message.id)).toBe('sent');
  });

  it('keeps per-lead order: message 2 waits while message 1 fails; other leads go on', async () => {
    receiver = await startReceiver((_r, n) => (n === 1 ? 500 : 200));
    const lead = await leadOnWebhook(receiver.url);
    const other = await leadOnWebhook(receiver.url, lead.channel_id);
    const x = worker();
    const m1 = await write(lead.id, 'first');
    const m2 = await write(lead.id, 'second');
    const m3 = await write(other.id, 'other lead');

    expect(await x.runOnce()).toBe(2); // m1 (fails) and m3; m2 is held back
    expect(textsOf(receiver)).toEqual(['first', 'other lead']);
    expect(await delivery(m2.id)).toBe('pending');
    expect(await x.runOnce()).toBe(0);
    now += 2_000;
    expect(await x.runOnce()).toBe(1); // m1 again, acknowledged
    expect(await x.runOnce()).toBe(1); // now m2 is at the head of the lead's queue
    expect(textsOf(receiver)).toEqual(['first', 'other lead', 'first', 'second']);
    expect([await delivery(m1.id), await delivery(m2.id), await delivery(m3.id)]).toEqual(['sent', 'sent', 'sent']);
  });

  it('never sends a row twice when two workers race over the same rows', async () => {
    receiver = await startReceiver(async () => {
      await new Promise((r) => setTimeout(r, 5));
      return 200;
    });
    const first = await leadOnWebhook(receiver.url);
    const leads = [first, ...(await Promise.all(Array.from({ length: 9 }, () => leadOnWebhook(receiver.url, first.channel_id))))];
    for (const lead of leads) {
      await write(lead.id, `${lead.id}:1`);
      await write(lead.id, `${lead.id}:2`);
    }
    const a = worker({ maxPerChannel: 8 });
    const b = worker({ maxPerChannel: 8 });
    let sent = 0;
    for (let round = 0; round < 20 && sent < 20; round++) {
      const [na, nb] = await Promise.all([a.runOnce(), b.runOnce()]);
      sent += na + nb;
    }
    expect(sent).toBe(20);
    expect(receiver.receipts).toHaveLength(20);
    expect(new Set(receiver.receipts.map((r) => r.deliveryId)).size).toBe(20);
    for (const lead of leads) expect(textsOf(receiver).filter((t) => t.startsWith(`${lead.id}:`))).toEqual([`${lead.id}:1`, `${lead.id}:2`]);
  });

  it('lets exactly one of two simultaneous claims of a row win', async () => {
    receiver = await startReceiver();
    const lead = await leadOnWebhook(receiver.url);
    await write(lead.id, 'contested');
    const [row] = await listDueDeliveries(rt.ctx.db, { now, kinds: ['api'], limit: 10 });
    expect(row).toBeDefined();
    const wins = await Promise.all([1, 2, 3].map(() => claimDelivery(rt.ctx.db, row!, now, now + 60_000)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await listDueDeliveries(rt.ctx.db, { now, kinds: ['api'], limit: 10 })).toHaveLength(0); // claimed rows are not due
  });

  it('refuses a loopback webhook when private addresses are not allowed', async () => {
    receiver = await startReceiver();
    const lead = await leadOnWebhook(receiver.url);
    const x = worker({}, { ...ctx, config: { ...ctx.config, WEBHOOK_ALLOW_PRIVATE: false } });
    const message = await write(lead.id, 'to the LAN?');
    expect(await x.runOnce()).toBe(1);
    expect(receiver.receipts).toHaveLength(0);
    expect((await outboxOf(message.id)).last_error).toMatch(/^refused: 127\.0\.0\.1 resolves to 127\.0\.0\.1.*WEBHOOK_ALLOW_PRIVATE/);
    expect(await delivery(message.id)).toBe('failed');
  });

  it('gives up after 3 days of failures (dead, listed for admins) and re-arms on retry', async () => {
    receiver = await startReceiver(() => 500);
    const lead = await leadOnWebhook(receiver.url);
    const x = worker();
    const message = await write(lead.id, 'are you there?');
    await x.runOnce();
    now += GIVE_UP_AFTER_MS;
    await x.runOnce();
    const row = await outboxOf(message.id);
    expect(row).toMatchObject({ status: 'dead', attempts: 2 });
    expect(await delivery(message.id)).toBe('failed');
    now += 3_600_000;
    expect(await x.runOnce()).toBe(0); // dead rows are left alone

    const url = `/api/v1/channels/${lead.channel_id}/deliveries`;
    const dead = await call(app, 'GET', `${url}?status=dead`, w.as.bot);
    expect(dead.status).toBe(200);
    expect(dead.body.deliveries).toEqual([
      {
        id: row.id,
        leadId: lead.id,
        messageId: message.id,
        status: 'dead',
        attempts: 2,
        lastError: 'HTTP 500: receiver says 500',
        nextAttemptAt: row.next_attempt_at,
      },
    ]);
    expect((await call(app, 'GET', `${url}?status=pending`, w.as.bot)).body.deliveries).toEqual([]);

    receiver.respond = () => 200;
    const retried = await call(app, 'POST', `${url}/${row.id}/retry`, w.as.bot);
    expect(retried.status).toBe(200);
    expect(retried.body.delivery).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: now });
    expect(await x.runOnce()).toBe(1);
    expect(await delivery(message.id)).toBe('sent');
    expect((await call(app, 'GET', url, w.as.bot)).body.deliveries).toEqual([]);
    expect((await call(app, 'POST', `${url}/${row.id}/retry`, w.as.bot)).status).toBe(409); // delivered already
  });

  it('counts the 3 days from the first failure: a message queued behind a dead one gets its full window', async () => {
    receiver = await startReceiver(() => 500);
    const lead = await leadOnWebhook(receiver.url);
    const x = worker();
    const first = await write(lead.id, 'one');
    const second = await write(lead.id, 'two');
    await x.runOnce();
    now += GIVE_UP_AFTER_MS;
    await x.runOnce();
    expect(await outboxOf(first.id)).toMatchObject({ status: 'dead' });
    // Only now does the second message get its first try; three days of waiting do not count against it.
    await x.runOnce();
    expect(await outboxOf(second.id)).toMatchObject({ status: 'pending', attempts: 1 });
    now += 600_000;
    await x.runOnce();
    expect(await outboxOf(second.id)).toMatchObject({ status: 'pending', attempts: 2 });
    receiver.respond = () => 200;
    now += 600_000;
    await x.runOnce();
    expect(await delivery(second.id)).toBe('sent');
  });

  it('does not let a slow webhook hold up other channels', async () => {
    const slow = await startReceiver(() => 'hang');
    receiver = await startReceiver();
    try {
      const slowLeads = [await leadOnWebhook(slow.url)];
      for (let i = 0; i < 11; i++) slowLeads.push(await leadOnWebhook(slow.url, slowLeads[0]!.channel_id));
      for (const l of slowLeads) await write(l.id, 'slow');
      const fast = await leadOnWebhook(receiver.url);
      const fastMessage = await write(fast.id, 'fast');
      const x = worker({ maxInFlight: 2, maxPerChannel: 1 });
      // 12 slow rows come first (more than a page), yet the pass claims one of them (it hangs) and the fast one.
      const pass = x.runOnce();
      await eventually(async () => (await delivery(fastMessage.id)) === 'sent');
      expect(slow.receipts).toHaveLength(1);
      slow.release(200);
      expect(await pass).toBe(2);
    } finally {
      await slow.close();
    }
  });

  it('stop() waits for requests in flight and records them', async () => {
    receiver = await startReceiver(() => 'hang');
    const lead = await leadOnWebhook(receiver.url);
    const x = createOutboxWorker(ctx, { pollMs: 20 });
    x.start();
    const message = await write(lead.id, 'before shutdown');
    await eventually(() => receiver.receipts.length === 1);
    // The webhook answers only after stop() was called; recording the answer takes a write after it.
    // Had stop() not waited for the request and its record, the row would still be pending here.
    const stopping = x.stop();
    receiver.release(200);
    await stopping;
    expect(await delivery(message.id)).toBe('sent');
  });
});
