import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dialects, type TestRuntime } from '../../test/harness';
import { call, httpWorld, leadSays } from '../../test/world';
import type { App } from '../http/app-type';

// A clientMessageId is a retry key: the same key with the same content is the duplicate answer, the
// same key with other content is 409 idempotency_conflict (the new content is never silently dropped).
describe.each(await dialects())('idempotency keys on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));

  const stored = (leadId: number, key: string) =>
    rt.ctx.db.selectFrom('messages').select(['id', 'text']).where('lead_id', '=', leadId).where('client_message_id', '=', key).execute();

  it('inbound: same key and content is a duplicate; other text or payload is 409 and nothing is stored', async () => {
    const w = await httpWorld(rt.ctx.db);
    const url = `/api/v1/channels/${w.channel.id}/inbound`;
    const body = (message: Record<string, unknown>) => ({ lead: { messengerId: 'idem-1' }, message: { clientMessageId: 'k-1', ...message } });
    const first = await call(app, 'POST', url, w.as.bot, body({ text: 'Where is my order?', payload: { a: 1, b: [1, 2] } }));
    expect([first.status, first.body.duplicate]).toEqual([200, false]);
    // Same content (payload keys in another order) is a retry.
    const again = await call(app, 'POST', url, w.as.bot, body({ text: 'Where is my order?', payload: { b: [1, 2], a: 1 } }));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, messageId: first.body.messageId });
    for (const other of [{ text: 'Cancel my order' }, { text: 'Where is my order?' }, { text: 'Where is my order?', payload: { a: 2, b: [1, 2] } }]) {
      const clash = await call(app, 'POST', url, w.as.bot, body(other));
      expect([clash.status, clash.body.error.code]).toEqual([409, 'idempotency_conflict']);
      expect(clash.body.error.message).toContain('k-1');
      expect(clash.body.error.params).toEqual({ clientMessageId: 'k-1' });
    }
    expect(await stored(first.body.leadId, 'k-1')).toEqual([{ id: first.body.messageId, text: 'Where is my order?' }]);
  });

  it("inbound: a key an operator already used on this lead is 409, not the operator message answered as the lead's", async () => {
    const w = await httpWorld(rt.ctx.db);
    const { leadId } = await leadSays(app, w, 'idem-2', 'hi');
    await call(app, 'POST', `/api/v1/leads/${leadId}/messages`, w.as.olga, { text: 'hello', clientMessageId: 'shared' });
    const clash = await call(app, 'POST', `/api/v1/channels/${w.channel.id}/inbound`, w.as.bot, {
      lead: { messengerId: 'idem-2' },
      message: { clientMessageId: 'shared', text: 'hello' },
    });
    expect([clash.status, clash.body.error.code]).toEqual([409, 'idempotency_conflict']);
  });

  it('operator messages: same key and text returns the first message; other text is 409 and not stored', async () => {
    const w = await httpWorld(rt.ctx.db);
    const { leadId } = await leadSays(app, w, 'idem-3', 'hi');
    const url = `/api/v1/leads/${leadId}/messages`;
    const a = await call(app, 'POST', url, w.as.olga, { text: 'once', clientMessageId: 'ui-1' });
    const b = await call(app, 'POST', url, w.as.olga, { text: 'once', clientMessageId: 'ui-1' });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body.message.id).toBe(a.body.message.id);
    const clash = await call(app, 'POST', url, w.as.olga, { text: 'twice', clientMessageId: 'ui-1' });
    expect([clash.status, clash.body.error.code]).toEqual([409, 'idempotency_conflict']);
    expect(clash.body.error.message).toContain('ui-1');
    // Another operator's message is never answered as yours.
    const other = await call(app, 'POST', url, w.as.admin, { text: 'once', clientMessageId: 'ui-1' });
    expect([other.status, other.body.error.code]).toEqual([409, 'idempotency_conflict']);
    // A key a note used is not a message's.
    await call(app, 'POST', `/api/v1/leads/${leadId}/notes`, w.as.olga, { text: 'note', clientMessageId: 'n-1' });
    const onNote = await call(app, 'POST', url, w.as.olga, { text: 'note', clientMessageId: 'n-1' });
    expect([onNote.status, onNote.body.error.code]).toEqual([409, 'idempotency_conflict']);
    expect(await stored(leadId, 'ui-1')).toEqual([{ id: a.body.message.id, text: 'once' }]);
  });

  it('notes: same key and text returns the first note; other text is 409 and not stored', async () => {
    const w = await httpWorld(rt.ctx.db);
    const { leadId } = await leadSays(app, w, 'idem-4', 'hi');
    const url = `/api/v1/leads/${leadId}/notes`;
    const a = await call(app, 'POST', url, w.as.olga, { text: 'check stock', clientMessageId: 'note-1' });
    const b = await call(app, 'POST', url, w.as.olga, { text: 'check stock', clientMessageId: 'note-1' });
    expect(b.status).toBe(200);
    expect(b.body.message).toEqual(a.body.message);
    const clash = await call(app, 'POST', url, w.as.olga, { text: 'check the stock', clientMessageId: 'note-1' });
    expect([clash.status, clash.body.error.code]).toEqual([409, 'idempotency_conflict']);
    expect(await stored(leadId, 'note-1')).toEqual([{ id: a.body.message.id, text: 'check stock' }]);
  });
});
