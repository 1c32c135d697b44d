import { describe, expect, it } from 'vitest';
import type { EventData } from '../../contracts/events';
import { useTestApp } from '../../test/app';
import { buildApiToken, buildChannel, buildLead, buildScript } from '../../test/factories';
import { dialects, type TestRuntime } from '../../test/harness';
import { eventually, startReceiver } from '../../test/webhook-receiver';
import { call, httpWorld, leadSays, signedInWith, strangerWorld } from '../../test/world';
import { createBotWorker } from '../bot-runtime/bot-worker';
import { createScriptEngine } from '../bot-runtime/js-engine';
import { queueDelivery } from '../channels/outbox.repo';
import { createOutboxWorker } from '../channels/outbox-worker';
import type { App } from '../http/app-type';
import { listEventsSince } from '../realtime/event-log.repo';

type World = Awaited<ReturnType<typeof httpWorld>>;

describe.each(await dialects())('internal notes on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));

  const note = (w: World, leadId: number, headers: Record<string, string>, body: unknown) => call(app, 'POST', `/api/v1/leads/${leadId}/notes`, headers, body);
  const card = async (w: World, leadId: number) => (await call(app, 'GET', `/api/v1/leads/${leadId}`, w.as.admin)).body;
  const eventsAfter = async (w: World, seq: number) => listEventsSince(rt.ctx.db, w.business.id, seq, 1000);
  const lastSeq = async (w: World) => (await eventsAfter(w, 0)).at(-1)?.seq ?? 0;

  it('stores a note in the history with internal=true, shown to operators, admins and viewers; messages say internal=false', async () => {
    const w = await httpWorld(rt.ctx.db);
    const { leadId } = await leadSays(app, w, 'ira', 'Where is my order?');
    const reply = await call(app, 'POST', `/api/v1/leads/${leadId}/messages`, w.as.olga, { text: 'Checking, one moment' });
    const n = await note(w, leadId, w.as.olga, { text: '  Order 1042 is stuck at the warehouse  ' });
    expect(n.status).toBe(200);
    expect(n.body.message).toMatchObject({
      id: expect.any(Number),
      leadId,
      dialogId: reply.body.row.dialog.id,
      author: 'operator',
      authorUserId: w.op1.id,
      authorName: 'Olga',
      text: 'Order 1042 is stuck at the warehouse',
      payload: null,
      clientMessageId: null,
      delivery: 'none',
      internal: true,
      createdAt: expect.any(Number),
    });
    const viewer = await signedInWith(rt.ctx.db, w.business.id, ['viewer']);
    for (const headers of [w.as.olga, w.as.pavel, w.as.admin, viewer]) {
      const history = await call(app, 'GET', `/api/v1/leads/${leadId}/messages`, headers);
      expect(history.status).toBe(200);
      expect(history.body.messages.map((m: { author: string; text: string; internal: boolean }) => [m.author, m.text, m.internal])).toEqual([
        ['lead', 'Where is my order?', false],
        ['system', 'Assigned to Olga', false],
        ['operator', 'Checking, one moment', false],
        ['operator', 'Order 1042 is stuck at the warehouse', true],
      ]);
    }
    // An API token with the admin role writes notes too; it has no person's name.
    const byToken = await note(w, leadId, w.as.bot, { text: 'CRM: customer is VIP' });
    expect(byToken.body.message).toMatchObject({ author: 'operator', authorUserId: null, authorName: null, internal: true });
  });

  it('never reaches the lead: no outbox row and no webhook call, while a real message right after is delivered', async () => {
    const w = await httpWorld(rt.ctx.db);
    const receiver = await startReceiver();
    const worker = createOutboxWorker(rt.ctx, { pollMs: 50 });
    try {
      const channel = await buildChannel(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, webhookUrl: receiver.url });
      const lead = await buildLead(rt.ctx.db, { businessId: w.business.id, botId: w.bot.id, channelId: channel.id });
      worker.start();
      const n = await note(w, lead.id, w.as.olga, { text: 'Do not tell the customer: refund approved' });
      expect(n.body.message.delivery).toBe('none');
      // Deliveries of one lead go in order: had the note been queued, it would arrive before this one.
      const sent = await call(app, 'POST', `/api/v1/leads/${lead.id}/messages`, w.as.olga, { text: 'Good news about your refund' });
      expect(sent.body.message.delivery).toBe('pending');
      await eventually(() => receiver.receipts.length >= 1);
      expect(receiver.receipts.map((r) => (JSON.parse(r.body) as { message: { text: string } }).message.text)).toEqual(['Good news about your refund']);
      const outbox = await rt.ctx.db.selectFrom('outbox').select('message_id').where('lead_id', '=', lead.id).execute();
      expect(outbox).toEqual([{ message_id: sent.body.message.id }]);

      // The guard holds whoever asks: the one way out to a lead refuses a note.
      const stored = await rt.ctx.db.selectFrom('messages').selectAll().where('id', '=', n.body.message.id).executeTakeFirstOrThrow();
      const fresh = await rt.ctx.db.selectFrom('leads').selectAll().where('id', '=', lead.id).executeTakeFirstOrThrow();
      expect(await queueDelivery(rt.ctx.db, fresh, stored, 'Olga', Date.now())).toBe('none');
      expect(await rt.ctx.db.selectFrom('outbox').select('id').where('message_id', '=', stored.id).execute()).toEqual([]);
    } finally {
      await worker.stop();
      await receiver.close();
    }
  });

  it('leaves the conversation as it was: a waiting dialog stays waiting, unread and preview unchanged, no first response', async () => {
    const w = await httpWorld(rt.ctx.db);
    const { leadId } = await leadSays(app, w, 'wait', 'hello');
    const t = await call(app, 'POST', `/api/v1/leads/${leadId}/transfer-to-operators`, w.as.bot, {});
    await leadSays(app, w, 'wait', 'Anyone there?');
    const before = await card(w, leadId);
    expect(before.row).toMatchObject({ state: 'waiting', unreadCount: 1, lastMessagePreview: 'Anyone there?', lastMessageAuthor: 'lead' });
    const seq = await lastSeq(w);

    const n = await note(w, leadId, w.as.olga, { text: 'Probably the order from yesterday' });
    expect(n.status).toBe(200);
    expect(n.body.message.dialogId).toBe(t.body.dialog.id);
    expect((await card(w, leadId)).row).toEqual(before.row);
    // One event, the message, carrying the row exactly as it was: the panel's preview and order stay.
    const events = await eventsAfter(w, seq);
    expect(events.map((e) => e.type)).toEqual(['message.created']);
    const data = events[0]?.data as EventData<'message.created'>;
    expect(data.message).toEqual(n.body.message);
    expect(data.row).toEqual(before.row);

    // Taken later, the dialog's first response is the first real reply, not the note.
    await call(app, 'POST', `/api/v1/dialogs/${t.body.dialog.id}/take`, w.as.pavel);
    await note(w, leadId, w.as.pavel, { text: 'Looking it up' });
    expect((await card(w, leadId)).row.dialog.firstResponseAt).toBeNull();
    const reply = await call(app, 'POST', `/api/v1/leads/${leadId}/messages`, w.as.pavel, { text: 'Hi! Let me check' });
    expect((await card(w, leadId)).row.dialog.firstResponseAt).toBe(reply.body.message.createdAt);

    // An operator outside the dialog may note it without joining it (nor being refused, as writing is).
    const other = await note(w, leadId, w.as.olga, { text: 'I spoke to them last week' });
    expect(other.status).toBe(200);
    expect((await card(w, leadId)).row.dialog).toMatchObject({ assigneeId: w.op2.id, operatorIds: [w.op2.id] });
  });

  it('a bot conversation stays with the bot: no dialog, no job, the scenario still waits for the answer', async () => {
    const w = await httpWorld(rt.ctx.db);
    const b = { businessId: w.business.id, botId: w.bot.id };
    await buildScript(rt.ctx.db, {
      ...b,
      code: 'phone',
      entries: [{ type: 'keyword', value: 'call me' }],
      commands: [
        { type: 'ask', text: 'Your phone?', attribute: 'sys_phone', validate: 'phone' },
        { type: 'send_text', text: 'Thanks, we will call' },
      ],
    });
    const worker = createBotWorker({ ...rt.ctx, js: createScriptEngine(rt.ctx) });
    try {
      const { leadId } = await leadSays(app, w, 'bot-lead', 'call me');
      await worker.runOnce();
      const scenario = await rt.ctx.db.selectFrom('lead_scenarios').selectAll().where('lead_id', '=', leadId).executeTakeFirstOrThrow();
      expect(scenario.awaiting).not.toBeNull();

      const n = await note(w, leadId, w.as.olga, { text: 'Spam? Check before calling' });
      expect(n.body.message).toMatchObject({ dialogId: null, internal: true });
      const after = await card(w, leadId);
      expect(after.row).toMatchObject({ state: 'bot', dialog: null, lastMessagePreview: 'Your phone?', lastMessageAuthor: 'bot' });
      expect(await rt.ctx.db.selectFrom('lead_scenarios').selectAll().where('lead_id', '=', leadId).executeTakeFirstOrThrow()).toEqual(scenario);
      expect(await rt.ctx.db.selectFrom('bot_jobs').select('id').where('lead_id', '=', leadId).where('status', '=', 'pending').execute()).toEqual([]);
      expect(await worker.runOnce()).toBe(0);

      // The bot picks up where it was: the lead's answer completes the question it asked.
      await leadSays(app, w, 'bot-lead', '+7 999 123-45-67');
      await worker.runOnce();
      const history = await call(app, 'GET', `/api/v1/leads/${leadId}/messages`, w.as.olga);
      expect(history.body.messages.map((m: { author: string; text: string }) => `${m.author}: ${m.text}`)).toEqual([
        'lead: call me',
        'bot: Your phone?',
        'operator: Spam? Check before calling',
        'lead: +7 999 123-45-67',
        'bot: Thanks, we will call',
      ]);
    } finally {
      await worker.stop();
    }
  });

  it('is for operators and admins of the business: viewers 403, another business 404, bad bodies 400 naming the field', async () => {
    const w = await httpWorld(rt.ctx.db);
    const { leadId } = await leadSays(app, w, 'guard', 'hi');
    const viewerToken = await buildApiToken(rt.ctx.db, { businessId: w.business.id, roles: ['viewer'] });
    for (const headers of [
      await signedInWith(rt.ctx.db, w.business.id, ['viewer']),
      await signedInWith(rt.ctx.db, w.business.id, ['bot_editor', 'script_editor']),
      { authorization: `Bearer ${viewerToken.secret}` },
    ]) {
      const r = await note(w, leadId, headers, { text: 'x' });
      expect([r.status, r.body.error.code]).toEqual([403, 'forbidden']);
    }
    expect((await note(w, leadId, {}, { text: 'x' })).status).toBe(401);
    const stranger = await strangerWorld(rt.ctx.db);
    const theirs = await note(w, leadId, stranger.headers, { text: 'peek' });
    expect([theirs.status, theirs.body.error.code]).toEqual([404, 'not_found']);
    expect((await note(w, 999_999, w.as.olga, { text: 'x' })).status).toBe(404);

    const cases: [unknown, RegExp][] = [
      [{ text: '' }, /body\.text/],
      [{ text: '   ' }, /body\.text/],
      [{}, /body\.text/],
      [{ text: 'x'.repeat(4097) }, /body\.text/],
      [{ text: 'x', clientMessageId: '' }, /body\.clientMessageId/],
      [{ text: 'x', internal: false }, /internal/],
    ];
    for (const [payload, field] of cases) {
      const r = await note(w, leadId, w.as.olga, payload);
      expect(r.status, JSON.stringify(payload)).toBe(400);
      expect(r.body.error.message).toMatch(field);
    }
    const stored = await rt.ctx.db.selectFrom('messages').select('id').where('lead_id', '=', leadId).where('internal', '=', 1).execute();
    expect(stored).toEqual([]);
  });

  it('a repeated clientMessageId returns the first note, stored and announced once', async () => {
    const w = await httpWorld(rt.ctx.db);
    const { leadId } = await leadSays(app, w, 'twice', 'hi');
    const a = await note(w, leadId, w.as.olga, { text: 'first', clientMessageId: 'note-1' });
    const seq = await lastSeq(w);
    // A retry carries the same text (other text under the key is 409: leads/idempotency.int.test.ts).
    const b = await note(w, leadId, w.as.olga, { text: 'first', clientMessageId: 'note-1' });
    expect(b.status).toBe(200);
    expect(b.body.message).toEqual(a.body.message);
    expect(await rt.ctx.db.selectFrom('messages').select('id').where('lead_id', '=', leadId).where('client_message_id', '=', 'note-1').execute()).toHaveLength(
      1,
    );
    expect(await eventsAfter(w, seq)).toEqual([]);
    // The same key on a real message is not a note: refused rather than answered with the message.
    await call(app, 'POST', `/api/v1/leads/${leadId}/messages`, w.as.olga, { text: 'hello', clientMessageId: 'msg-1' });
    const clash = await note(w, leadId, w.as.olga, { text: 'note', clientMessageId: 'msg-1' });
    expect([clash.status, clash.body.error.code]).toEqual([409, 'idempotency_conflict']);
    expect(clash.body.error.message).toContain('msg-1');
  });
});
