import { describe, expect, it } from 'vitest';
import { RealtimeEventSchema, type RealtimeEvent } from '../../contracts/events';
import { SystemLine } from '../../contracts/message-payloads';
import { useTestApp } from '../../test/app';
import { dialects, type TestRuntime } from '../../test/harness';
import { call, httpWorld, leadSays } from '../../test/world';
import type { App } from '../http/app-type';
import { listEventsSince } from './event-log.repo';

// The web app trusts the realtime contract: every event the server writes must parse as the
// discriminated union for its type, and every system line as the SystemLine schema.
describe.each(await dialects())('the realtime contract on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));

  it("every event of a dialog's life parses as its type says", async () => {
    const w = await httpWorld(rt.ctx.db);
    const { leadId } = await leadSays(app, w, 'contract', 'hello', 'Ira');
    const t = await call(app, 'POST', `/api/v1/leads/${leadId}/transfer-to-operators`, w.as.bot, {});
    const dialogId = t.body.dialog.id as number;
    await leadSays(app, w, 'contract', 'anyone?');
    await call(app, 'POST', `/api/v1/dialogs/${dialogId}/take`, w.as.olga);
    await call(app, 'POST', `/api/v1/dialogs/${dialogId}/invite`, w.as.olga, { operatorId: w.op2.id });
    await call(app, 'POST', `/api/v1/leads/${leadId}/messages`, w.as.olga, { text: 'Hi Ira' });
    await call(app, 'POST', `/api/v1/leads/${leadId}/notes`, w.as.olga, { text: 'VIP' });
    await call(app, 'PATCH', `/api/v1/leads/${leadId}`, w.as.olga, { addTags: ['vip'] });
    await call(app, 'POST', `/api/v1/leads/${leadId}/read`, w.as.olga);
    await call(app, 'POST', `/api/v1/dialogs/${dialogId}/return-to-bot`, w.as.olga, { script: 'start' }).catch(() => undefined);
    await call(app, 'PUT', '/api/v1/me/status', w.as.olga, { status: 'offline' });
    await call(app, 'POST', '/api/v1/quick-replies', w.as.admin, { shortcut: 'hi', text: 'Hello!' });

    const events = await listEventsSince(rt.ctx.db, w.business.id, 0, 1000);
    const types = new Set(events.map((e) => e.type));
    for (const type of [
      'lead.created',
      'dialog.created',
      'dialog.assigned',
      'dialog.changed',
      'message.created',
      'lead.updated',
      'operator.status',
      'quick_replies.changed',
    ]) {
      expect(types, type).toContain(type);
    }
    for (const e of events as RealtimeEvent[]) {
      const parsed = RealtimeEventSchema.safeParse(e);
      expect(parsed.success, `${e.type}: ${parsed.error?.message}`).toBe(true);
      if (e.type === 'message.created' && e.data.message.author === 'system') {
        expect(SystemLine.safeParse(e.data.message.payload).success, JSON.stringify(e.data.message.payload)).toBe(true);
      }
    }
    // The union narrows by type: another type's data does not pass.
    const assigned = events.find((e) => e.type === 'dialog.assigned')!;
    expect(RealtimeEventSchema.safeParse({ ...assigned, type: 'unread.changed' }).success).toBe(false);
  });
});
