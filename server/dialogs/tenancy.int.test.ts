import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dialects, type TestRuntime } from '../../test/harness';
import { call, httpWorld, leadSays } from '../../test/world';
import type { App } from '../http/app-type';

// One business can never see or change another's leads, dialogs or messages: every id-taking
// route answers 404 to the other business, and lists never include foreign rows.
describe.each(await dialects())('business isolation of leads and dialogs on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));

  it('answers 404 to another business on every lead and dialog route', async () => {
    const a = await httpWorld(rt.ctx.db);
    const b = await httpWorld(rt.ctx.db);
    const { leadId } = await leadSays(app, a, 'victim', 'secret order #42', 'Victim');
    const t = await call(app, 'POST', `/api/v1/leads/${leadId}/transfer-to-operators`, a.as.bot, {});
    const dialogId = t.body.dialog.id as number;

    const routes: [method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown][] = [
      ['GET', `/api/v1/leads/${leadId}`],
      ['PATCH', `/api/v1/leads/${leadId}`, { name: 'pwned' }],
      ['GET', `/api/v1/leads/${leadId}/messages`],
      ['POST', `/api/v1/leads/${leadId}/messages`, { text: 'hi' }],
      ['POST', `/api/v1/leads/${leadId}/read`],
      ['POST', `/api/v1/leads/${leadId}/transfer-to-operators`, {}],
      ['POST', `/api/v1/dialogs/${dialogId}/take`],
      ['POST', `/api/v1/dialogs/${dialogId}/assign`, { operatorId: b.op1.id }],
      ['POST', `/api/v1/dialogs/${dialogId}/transfer`, { operatorId: b.op1.id }],
      ['POST', `/api/v1/dialogs/${dialogId}/invite`, { operatorId: b.op1.id }],
      ['POST', `/api/v1/dialogs/${dialogId}/close`],
      ['POST', `/api/v1/dialogs/${dialogId}/return-to-bot`, {}],
      ['POST', `/api/v1/channels/${a.channel.id}/inbound`, { lead: { messengerId: 'x' }, message: { clientMessageId: 'x', text: 'x' } }],
    ];
    for (const [method, url, body] of routes) {
      for (const who of [b.as.admin, b.as.bot]) {
        const r = await call(app, method, url, who, body);
        if (url.endsWith('/messages') && method === 'POST' && who === b.as.bot) {
          expect(r.status, `${method} ${url}`).toBe(403); // tokens don't write as operators
          continue;
        }
        if ((url.endsWith('/take') && who === b.as.bot) || (url.endsWith('/inbound') && who === b.as.admin)) {
          expect(r.status, `${method} ${url}`).toBe(403);
          continue;
        }
        expect(r.status, `${method} ${url}`).toBe(404);
        expect(JSON.stringify(r.body)).not.toContain('secret order');
      }
    }
    // Assigning one's own dialog to another business's operator: that operator does not exist here.
    const own = await call(app, 'POST', `/api/v1/dialogs/${dialogId}/assign`, a.as.admin, { operatorId: b.op1.id });
    expect(own.status).toBe(404);
    // Nothing changed for business A.
    const card = await call(app, 'GET', `/api/v1/leads/${leadId}`, a.as.admin);
    expect(card.body).toMatchObject({ row: { name: 'Victim', state: 'waiting' } });
    // Lists and search never show foreign rows.
    for (const tab of ['waiting', 'mine', 'open', 'all']) {
      const list = await call(app, 'GET', `/api/v1/inbox?tab=${tab}&q=secret`, b.as.admin);
      expect(list.body.rows).toEqual([]);
    }
    const counts = await call(app, 'GET', '/api/v1/inbox/counts', b.as.admin);
    expect(counts.body).toMatchObject({ waiting: 0, all: 0 });
  });

  it('stores an inbound repeat once and answers 401 / 403 / 400 as it should', async () => {
    const a = await httpWorld(rt.ctx.db);
    const url = `/api/v1/channels/${a.channel.id}/inbound`;
    const body = { lead: { messengerId: 'rep' }, message: { clientMessageId: 'same', text: 'hello' } };
    const first = await call(app, 'POST', url, a.as.bot, body);
    const again = await call(app, 'POST', url, a.as.bot, body);
    expect(first.body.duplicate).toBe(false);
    expect(again.body).toMatchObject({ duplicate: true, messageId: first.body.messageId });
    expect((await call(app, 'POST', url, {}, body)).status).toBe(401);
    expect((await call(app, 'POST', url, { authorization: 'Bearer wrong' }, body)).status).toBe(401);
    expect((await call(app, 'POST', url, a.as.admin, body)).status).toBe(403);
    const missing = await call(app, 'POST', url, a.as.bot, { lead: { messengerId: 'rep' }, message: { text: 'no id' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('body.message.clientMessageId');
    const r = await app.inject({ method: 'POST', url, headers: { ...a.as.bot, 'content-type': 'application/json' }, payload: '{"lead":' });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('validation_failed');
  });
});
