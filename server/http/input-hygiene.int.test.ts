import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dialects, type TestRuntime } from '../../test/harness';
import { call, httpWorld, leadSays } from '../../test/world';
import type { App } from './app-type';

const NUL = 'a\u0000b';

// A NUL character gets the same clear 400 on both databases (PostgreSQL cannot store it), and a body
// nested too deep a 400 instead of a stack overflow; nothing is stored.
describe.each(await dialects())('inputs no route may take, on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));

  it('refuses a NUL in every kind of text field, naming the field', async () => {
    const w = await httpWorld(rt.ctx.db);
    const { leadId } = await leadSays(app, w, 'nul', 'hello');
    const inbound = `/api/v1/channels/${w.channel.id}/inbound`;
    const cases: [string, string, Record<string, string>, unknown, string][] = [
      ['POST', '/api/v1/auth/login', {}, { email: NUL, password: 'x' }, 'body.email'],
      ['GET', `/api/v1/inbox?q=%00`, w.as.olga, undefined, 'query.q'],
      ['POST', '/api/v1/users', w.as.admin, { email: 'u@example.test', name: NUL, password: 'long enough 1', roles: ['operator'] }, 'body.name'],
      ['POST', '/api/v1/departments', w.as.admin, { code: 'dep', name: NUL }, 'body.name'],
      ['POST', '/api/v1/tokens', w.as.admin, { name: NUL, roles: ['admin'] }, 'body.name'],
      ['PATCH', '/api/v1/business', w.as.admin, { name: NUL }, 'body.name'],
      ['POST', '/api/v1/bots', w.as.admin, { name: NUL }, 'body.name'],
      ['PATCH', `/api/v1/channels/${w.channel.id}`, w.as.admin, { name: NUL }, 'body.name'],
      ['PATCH', `/api/v1/leads/${leadId}`, w.as.olga, { name: NUL }, 'body.name'],
      ['PATCH', `/api/v1/leads/${leadId}`, w.as.olga, { setAttributes: { city: NUL } }, 'body.setAttributes.city'],
      ['PATCH', `/api/v1/leads/${leadId}`, w.as.olga, { addTags: [NUL] }, 'body.addTags.0'],
      ['POST', `/api/v1/leads/${leadId}/messages`, w.as.olga, { text: NUL }, 'body.text'],
      ['POST', `/api/v1/leads/${leadId}/messages`, w.as.olga, { text: 'ok', clientMessageId: NUL }, 'body.clientMessageId'],
      ['POST', `/api/v1/leads/${leadId}/notes`, w.as.olga, { text: NUL }, 'body.text'],
      ['POST', '/api/v1/quick-replies', w.as.admin, { shortcut: 'hi', text: NUL }, 'body.text'],
      ['POST', inbound, w.as.bot, { lead: { messengerId: NUL }, message: { clientMessageId: 'n1', text: 'hi' } }, 'body.lead.messengerId'],
      ['POST', inbound, w.as.bot, { lead: { messengerId: 'n2', name: NUL }, message: { clientMessageId: 'n2', text: 'hi' } }, 'body.lead.name'],
      ['POST', inbound, w.as.bot, { lead: { messengerId: 'n3' }, message: { clientMessageId: NUL, text: 'hi' } }, 'body.message.clientMessageId'],
      ['POST', inbound, w.as.bot, { lead: { messengerId: 'n4' }, message: { clientMessageId: 'n4', text: NUL } }, 'body.message.text'],
      [
        'POST',
        inbound,
        w.as.bot,
        { lead: { messengerId: 'n5' }, message: { clientMessageId: 'n5', text: 'hi', payload: { [NUL]: 1 } } },
        'body.message.payload.a\\u0000b',
      ],
    ];
    const leadsBefore = await rt.ctx.db.selectFrom('leads').select('id').execute();
    for (const [method, url, headers, body, path] of cases) {
      const r = await call(app, method as 'GET', url, headers, body);
      expect(r.status, `${method} ${url} ${path}`).toBe(400);
      expect(r.body.error.code).toBe('validation_failed');
      expect(r.body.error.details, `${method} ${url}`).toEqual([{ path, message: 'must not contain the NUL character (U+0000)' }]);
    }
    expect(await rt.ctx.db.selectFrom('leads').select('id').execute()).toEqual(leadsBefore);
  });

  it('refuses a payload nested deeper than 32 levels with a 400, and stores nothing', async () => {
    const w = await httpWorld(rt.ctx.db);
    // Written as text: JSON.stringify itself overflows the stack on 4,500 levels (as the server did).
    const payload = `${'{"p":'.repeat(4500)}{"leaf":true}${'}'.repeat(4500)}`;
    const r = await app.inject({
      method: 'POST',
      url: `/api/v1/channels/${w.channel.id}/inbound`,
      headers: { ...w.as.bot, 'content-type': 'application/json' },
      payload: `{"lead":{"messengerId":"deep"},"message":{"clientMessageId":"d1","text":"hi","payload":${payload}}}`,
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toContain('nested deeper than 32 levels');
    expect(await rt.ctx.db.selectFrom('leads').select('id').where('messenger_id', '=', 'deep').execute()).toEqual([]);
    // 30 levels of payload are fine.
    let ok: unknown = 1;
    for (let i = 0; i < 28; i++) ok = { p: ok };
    const fine = await call(app, 'POST', `/api/v1/channels/${w.channel.id}/inbound`, w.as.bot, {
      lead: { messengerId: 'deep2' },
      message: { clientMessageId: 'd2', text: 'hi', payload: ok },
    });
    expect(fine.status).toBe(200);
  });
});
