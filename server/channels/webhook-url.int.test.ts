import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dialects, type TestRuntime } from '../../test/harness';
import { call, httpWorld } from '../../test/world';
import type { App } from '../http/app-type';

// The webhook URL is checked when the channel is saved, by the same guard delivery uses (the host
// resolved with DNS), so a private target is a clear 400 now rather than days of failed retries.
const PRIVATE = [
  'http://127.0.0.1:8080/hook',
  'http://10.1.2.3/hook',
  'https://192.168.1.20/hook',
  'http://169.254.169.254/latest/meta-data/',
  'http://[::1]:3000/hook',
  'http://localhost:3000/hook', // a name that resolves to a loopback address
];
const PUBLIC = 'https://93.184.216.34/hooks/metadesk';

describe.each(await dialects())('webhook URL on save on %s', (dialect) => {
  describe('without WEBHOOK_ALLOW_PRIVATE', () => {
    let rt: TestRuntime;
    let app: App;
    useTestApp(dialect, (r) => ({ rt, app } = r), { WEBHOOK_ALLOW_PRIVATE: 'false' });

    it.each(PRIVATE)('refuses %s on create and on update, naming body.webhookUrl, and stores nothing', async (url) => {
      const w = await httpWorld(rt.ctx.db);
      const created = await call(app, 'POST', '/api/v1/channels', w.as.admin, { botId: w.bot.id, kind: 'api', name: 'CRM', webhookUrl: url });
      expect([created.status, created.body.error.code]).toEqual([400, 'validation_failed']);
      expect(created.body.error.details).toEqual([{ path: 'body.webhookUrl', message: expect.stringMatching(/loopback\/private\/link-local/) }]);
      expect(created.body.error.message).toContain('body.webhookUrl');
      const updated = await call(app, 'PATCH', `/api/v1/channels/${w.channel.id}`, w.as.admin, { webhookUrl: url });
      expect([updated.status, updated.body.error.code]).toEqual([400, 'validation_failed']);
      expect(updated.body.error.details[0].path).toBe('body.webhookUrl');
      const rows = await rt.ctx.db.selectFrom('channels').select('webhook_url').where('business_id', '=', w.business.id).execute();
      expect(rows.map((r) => r.webhook_url)).not.toContain(url);
    });

    it('accepts a public address on create and on update, and a removal (null)', async () => {
      const w = await httpWorld(rt.ctx.db);
      const created = await call(app, 'POST', '/api/v1/channels', w.as.admin, { botId: w.bot.id, kind: 'api', name: 'CRM', webhookUrl: PUBLIC });
      expect([created.status, created.body.channel.webhookUrl]).toEqual([201, PUBLIC]);
      const updated = await call(app, 'PATCH', `/api/v1/channels/${w.channel.id}`, w.as.admin, { webhookUrl: PUBLIC });
      expect([updated.status, updated.body.channel.webhookUrl]).toEqual([200, PUBLIC]);
      const removed = await call(app, 'PATCH', `/api/v1/channels/${w.channel.id}`, w.as.admin, { webhookUrl: null });
      expect([removed.status, removed.body.channel.webhookUrl]).toEqual([200, null]);
    });
  });

  describe('with WEBHOOK_ALLOW_PRIVATE=true', () => {
    let rt: TestRuntime;
    let app: App;
    useTestApp(dialect, (r) => ({ rt, app } = r), { WEBHOOK_ALLOW_PRIVATE: 'true' });

    it.each(PRIVATE)('accepts %s on create and on update', async (url) => {
      const w = await httpWorld(rt.ctx.db);
      const created = await call(app, 'POST', '/api/v1/channels', w.as.admin, { botId: w.bot.id, kind: 'api', name: 'LAN CRM', webhookUrl: url });
      expect([created.status, created.body.channel.webhookUrl]).toEqual([201, url]);
      const updated = await call(app, 'PATCH', `/api/v1/channels/${w.channel.id}`, w.as.admin, { webhookUrl: url });
      expect([updated.status, updated.body.channel.webhookUrl]).toEqual([200, url]);
    });
  });
});
