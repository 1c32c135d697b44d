import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { buildChannel, buildLead } from '../../test/factories';
import { dialects, type TestRuntime } from '../../test/harness';
import { eventually, startReceiver } from '../../test/webhook-receiver';
import { call, httpWorld, signedInWith, strangerWorld } from '../../test/world';
import type { App } from '../http/app-type';
import { createOutboxWorker } from './outbox-worker';

describe.each(await dialects())('an operator retries a failed delivery on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));

  it('sends again at once a message the messenger refused, and it is delivered', async () => {
    const w = await httpWorld(rt.ctx.db);
    let up = false;
    const receiver = await startReceiver(() => (up ? 200 : 503));
    const worker = createOutboxWorker(rt.ctx, { pollMs: 50 });
    try {
      const channel = await buildChannel(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, webhookUrl: receiver.url });
      const lead = await buildLead(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, channelId: channel.id });
      worker.start();
      const sent = await call(app, 'POST', `/api/v1/leads/${lead.id}/messages`, w.as.olga, { text: 'Your order has shipped' });
      const id = sent.body.message.id as number;
      const delivery = async () =>
        (await call(app, 'GET', `/api/v1/leads/${lead.id}/messages`, w.as.olga)).body.messages.find((m: { id: number }) => m.id === id).delivery;
      await eventually(async () => (await delivery()) === 'failed');
      // Not yet deliverable messages and strangers are refused.
      expect((await call(app, 'POST', `/api/v1/messages/${id}/retry`, await signedInWith(rt.ctx.db, w.business.id, ['viewer']))).status).toBe(403);
      expect((await call(app, 'POST', `/api/v1/messages/${id}/retry`, (await strangerWorld(rt.ctx.db)).headers)).status).toBe(404);
      up = true;
      const retried = await call(app, 'POST', `/api/v1/messages/${id}/retry`, w.as.olga);
      expect(retried.status).toBe(200);
      expect(retried.body.message).toMatchObject({ id, delivery: 'pending', text: 'Your order has shipped' });
      await eventually(async () => (await delivery()) === 'sent');
      expect(receiver.receipts.filter((r) => r.body.includes('Your order has shipped')).length).toBeGreaterThanOrEqual(2);
      // A delivered message cannot be retried.
      const again = await call(app, 'POST', `/api/v1/messages/${id}/retry`, w.as.olga);
      expect(again.status).toBe(409);
    } finally {
      await worker.stop();
      await receiver.close();
    }
  });
});
