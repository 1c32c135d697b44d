import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dialects, type TestRuntime } from '../../test/harness';
import { buildDepartment } from '../../test/factories';
import { expectCursorRefused, readPages, withCursor } from '../../test/pages';
import { call, httpWorld, leadSays } from '../../test/world';
import { listEventsSince } from '../realtime/event-log.repo';
import type { App } from '../http/app-type';

describe.each(await dialects())('dialog lifecycle on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));

  it('walks a lead from the bot to waiting, an operator, and back to the bot at a script', async () => {
    const w = await httpWorld(rt.ctx.db);
    const first = await leadSays(app, w, 'ira', 'Hello, I need a mug', 'Ira Petrova');
    expect(first.handledBy).toBe('bot');

    const t = await call(app, 'POST', `/api/v1/leads/${first.leadId}/transfer-to-operators`, w.as.bot, {});
    expect(t.status).toBe(200);
    expect(t.body.row.state).toBe('waiting');
    const dialogId = t.body.dialog.id as number;
    // The recursion guard: a second transfer while waiting is refused.
    const again = await call(app, 'POST', `/api/v1/leads/${first.leadId}/transfer-to-operators`, w.as.bot, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('invalid_state');

    const waitingMsg = await leadSays(app, w, 'ira', 'Anyone there?');
    expect(waitingMsg.handledBy).toBe('operators');

    const take = await call(app, 'POST', `/api/v1/dialogs/${dialogId}/take`, w.as.olga);
    expect(take.status).toBe(200);
    expect(take.body.dialog).toMatchObject({ state: 'active', assigneeId: w.op1.id, operatorIds: [w.op1.id] });
    expect(take.body.row.unreadCount).toBe(1);

    const reply = await call(app, 'POST', `/api/v1/leads/${first.leadId}/messages`, w.as.olga, { text: 'Hi Ira, Olga here' });
    expect(reply.status).toBe(200);
    expect(reply.body.message).toMatchObject({ author: 'operator', authorName: 'Olga', delivery: 'none' });
    expect(reply.body.row.unreadCount).toBe(0);

    const back = await call(app, 'POST', `/api/v1/dialogs/${dialogId}/return-to-bot`, w.as.olga, { script: 'order_status' });
    expect(back.status).toBe(200);
    expect(back.body.row.state).toBe('bot');
    expect(back.body.dialog).toMatchObject({ state: 'closed', endReason: 'returned_to_bot', operatorIds: [] });
    const stored = await rt.ctx.db.selectFrom('dialogs').select('return_script').where('id', '=', dialogId).executeTakeFirstOrThrow();
    expect(stored.return_script).toBe('order_status');

    const afterReturn = await leadSays(app, w, 'ira', 'thanks');
    expect(afterReturn.handledBy).toBe('bot');

    const history = await call(app, 'GET', `/api/v1/leads/${first.leadId}/messages`, w.as.olga);
    expect(history.body.messages.map((m: { author: string; text: string }) => `${m.author}: ${m.text}`)).toEqual([
      'lead: Hello, I need a mug',
      'system: Transferred to operators',
      'lead: Anyone there?',
      'system: Assigned to Olga',
      'operator: Hi Ira, Olga here',
      'system: Returned to the bot (script order_status)',
      'lead: thanks',
    ]);
    // Scrolling back: the newest page first, each next one older, each oldest first within.
    const url = `/api/v1/leads/${first.leadId}/messages?limit=3`;
    const pages = await readPages((cursor) => call(app, 'GET', withCursor(url, cursor), w.as.olga));
    expect(pages.map((p) => p.messages.length)).toEqual([3, 3, 1]);
    expect(pages.reverse().flatMap((p) => p.messages)).toEqual(history.body.messages);
    expectCursorRefused(await call(app, 'GET', `/api/v1/leads/${first.leadId}/messages?cursor=zzz`, w.as.olga));
    expect((await call(app, 'GET', `/api/v1/leads/${first.leadId}/messages?before=3`, w.as.olga)).status).toBe(400);
    const types = (await listEventsSince(rt.ctx.db, w.business.id, 0, 100)).map((e) => e.type);
    expect(types).toEqual([
      'lead.created',
      'message.created',
      'dialog.created',
      'message.created',
      'message.created',
      'dialog.assigned',
      'message.created',
      'message.created',
      'unread.changed',
      'dialog.changed',
      'message.created',
      'message.created',
    ]);
  });

  it('lets exactly one of two racing operators take a dialog', async () => {
    const w = await httpWorld(rt.ctx.db);
    for (let i = 0; i < 5; i++) {
      const { leadId } = await leadSays(app, w, `race-${i}`, 'help');
      const t = await call(app, 'POST', `/api/v1/leads/${leadId}/transfer-to-operators`, w.as.bot, {});
      const id = t.body.dialog.id;
      const [a, b] = await Promise.all([
        call(app, 'POST', `/api/v1/dialogs/${id}/take`, w.as.olga),
        call(app, 'POST', `/api/v1/dialogs/${id}/take`, w.as.pavel),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const loser = a.status === 409 ? a : b;
      expect(loser.body.error).toMatchObject({ code: 'already_taken', message: expect.stringContaining('already taken') });
      const members = await rt.ctx.db.selectFrom('dialog_members').select('user_id').where('dialog_id', '=', id).execute();
      expect(members).toHaveLength(1);
    }
  });

  it('an operator writing to a bot conversation interrupts the bot and owns the new dialog', async () => {
    const w = await httpWorld(rt.ctx.db);
    const { leadId } = await leadSays(app, w, 'walker', 'just browsing');
    const r = await call(app, 'POST', `/api/v1/leads/${leadId}/messages`, w.as.pavel, { text: 'Can I help?' });
    expect(r.status).toBe(200);
    expect(r.body.row.state).toBe('operator');
    expect(r.body.row.dialog).toMatchObject({ state: 'active', assigneeId: w.op2.id });
    // The lead's answer now goes to the operator, not the bot.
    expect((await leadSays(app, w, 'walker', 'yes please')).handledBy).toBe('operators');
    // Another operator cannot write into it without being invited; after the invite they can.
    const blocked = await call(app, 'POST', `/api/v1/leads/${leadId}/messages`, w.as.olga, { text: 'me too' });
    expect(blocked.status).toBe(403);
    const inv = await call(app, 'POST', `/api/v1/dialogs/${r.body.row.dialog.id}/invite`, w.as.pavel, { operatorId: w.op1.id });
    expect(inv.status).toBe(200);
    expect(inv.body.dialog.operatorIds).toEqual([w.op2.id, w.op1.id]);
    expect((await call(app, 'POST', `/api/v1/leads/${leadId}/messages`, w.as.olga, { text: 'me too' })).status).toBe(200);
  });

  it('transfers to another operator and to a department; department rules apply to taking', async () => {
    const w = await httpWorld(rt.ctx.db);
    const sales = await buildDepartment(rt.ctx.db, { businessId: w.business.id, code: 'sales', userIds: [w.op2.id] });
    const { leadId } = await leadSays(app, w, 'dept', 'wholesale prices?');
    const t = await call(app, 'POST', `/api/v1/leads/${leadId}/transfer-to-operators`, w.as.bot, {});
    const id = t.body.dialog.id;
    await call(app, 'POST', `/api/v1/dialogs/${id}/take`, w.as.olga);
    const toPavel = await call(app, 'POST', `/api/v1/dialogs/${id}/transfer`, w.as.olga, { operatorId: w.op2.id });
    expect(toPavel.status).toBe(200);
    expect(toPavel.body.dialog).toMatchObject({ assigneeId: w.op2.id, operatorIds: [w.op2.id] });
    // Olga left: she may no longer act on it.
    expect((await call(app, 'POST', `/api/v1/dialogs/${id}/close`, w.as.olga)).status).toBe(403);

    const toSales = await call(app, 'POST', `/api/v1/dialogs/${id}/transfer`, w.as.pavel, { departmentCode: 'sales' });
    expect(toSales.status).toBe(200);
    expect(toSales.body.dialog).toMatchObject({ state: 'waiting', departmentId: sales.id, assigneeId: null });
    const olgaTakes = await call(app, 'POST', `/api/v1/dialogs/${id}/take`, w.as.olga);
    expect(olgaTakes.status).toBe(403);
    const olgaWaiting = await call(app, 'GET', '/api/v1/inbox?tab=waiting', w.as.olga);
    expect(olgaWaiting.body.rows.map((r: { leadId: number }) => r.leadId)).not.toContain(leadId);
    const pavelWaiting = await call(app, 'GET', '/api/v1/inbox?tab=waiting', w.as.pavel);
    expect(pavelWaiting.body.rows.map((r: { leadId: number }) => r.leadId)).toContain(leadId);
    expect((await call(app, 'POST', `/api/v1/dialogs/${id}/take`, w.as.pavel)).status).toBe(200);
    const unknown = await call(app, 'POST', `/api/v1/dialogs/${id}/transfer`, w.as.pavel, { departmentCode: 'nope' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('departmentCode');
  });

  it('close sends the next lead message to the bot; an admin can assign', async () => {
    const w = await httpWorld(rt.ctx.db);
    const { leadId } = await leadSays(app, w, 'closer', 'question');
    const t = await call(app, 'POST', `/api/v1/leads/${leadId}/transfer-to-operators`, w.as.bot, {});
    const id = t.body.dialog.id;
    expect((await call(app, 'POST', `/api/v1/dialogs/${id}/assign`, w.as.olga, { operatorId: w.op2.id })).status).toBe(403);
    const assigned = await call(app, 'POST', `/api/v1/dialogs/${id}/assign`, w.as.admin, { operatorId: w.op2.id });
    expect(assigned.body.dialog.assigneeId).toBe(w.op2.id);
    const closed = await call(app, 'POST', `/api/v1/dialogs/${id}/close`, w.as.pavel);
    expect(closed.body.row.state).toBe('closed');
    expect((await call(app, 'POST', `/api/v1/dialogs/${id}/close`, w.as.pavel)).body.error.code).toBe('invalid_state');
    const next = await leadSays(app, w, 'closer', 'one more thing');
    expect(next.handledBy).toBe('bot');
    const card = await call(app, 'GET', `/api/v1/leads/${leadId}`, w.as.olga);
    expect(card.body.row.state).toBe('bot');
  });

  it('with "reopen to the last operator" on, a closed lead writing again goes back to that operator', async () => {
    const w = await httpWorld(rt.ctx.db);
    await call(app, 'PATCH', '/api/v1/business', w.as.admin, { settings: { reopenToLastOperator: true } });
    const { leadId } = await leadSays(app, w, 'back', 'question');
    await call(app, 'POST', `/api/v1/leads/${leadId}/messages`, w.as.pavel, { text: 'answer' });
    const card = await call(app, 'GET', `/api/v1/leads/${leadId}`, w.as.pavel);
    await call(app, 'POST', `/api/v1/dialogs/${card.body.row.dialog.id}/close`, w.as.pavel);
    const again = await leadSays(app, w, 'back', 'one more question');
    expect(again.handledBy).toBe('operators');
    const after = (await call(app, 'GET', `/api/v1/leads/${leadId}`, w.as.pavel)).body;
    expect(after.row).toMatchObject({ state: 'operator', unreadCount: 1, dialog: { state: 'active', assigneeId: w.op2.id } });
    expect(after.row.dialog.id).not.toBe(card.body.row.dialog.id);
    // One new dialog for the reopened conversation.
    const dialogs = await rt.ctx.db.selectFrom('dialogs').select('id').where('lead_id', '=', leadId).execute();
    expect(dialogs).toHaveLength(2);
  });

  it('keeps unread counts and clears them on read', async () => {
    const w = await httpWorld(rt.ctx.db);
    const { leadId } = await leadSays(app, w, 'unread', 'hi');
    await call(app, 'POST', `/api/v1/leads/${leadId}/transfer-to-operators`, w.as.bot, {});
    await leadSays(app, w, 'unread', 'one');
    await leadSays(app, w, 'unread', 'two');
    let card = await call(app, 'GET', `/api/v1/leads/${leadId}`, w.as.olga);
    expect(card.body.row.unreadCount).toBe(2);
    expect((await call(app, 'POST', `/api/v1/leads/${leadId}/read`, w.as.olga)).status).toBe(200);
    card = await call(app, 'GET', `/api/v1/leads/${leadId}`, w.as.olga);
    expect(card.body.row.unreadCount).toBe(0);
    const ev = (await listEventsSince(rt.ctx.db, w.business.id, 0, 100)).filter((e) => e.type === 'unread.changed');
    expect(ev.at(-1)?.data).toEqual({ leadId, unreadCount: 0 });
  });

  it('refuses bad bodies with the field named, and repeats of a clientMessageId are stored once', async () => {
    const w = await httpWorld(rt.ctx.db);
    const { leadId } = await leadSays(app, w, 'bad', 'hi');
    const empty = await call(app, 'POST', `/api/v1/leads/${leadId}/messages`, w.as.olga, { text: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain('body.text');
    const extra = await call(app, 'POST', `/api/v1/leads/${leadId}/messages`, w.as.olga, { text: 'x', sneaky: 1 });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toMatch(/sneaky/);
    const huge = await call(app, 'POST', `/api/v1/leads/${leadId}/messages`, w.as.olga, { text: 'x'.repeat(5000) });
    expect(huge.status).toBe(400);
    const a = await call(app, 'POST', `/api/v1/leads/${leadId}/messages`, w.as.olga, { text: 'once', clientMessageId: 'ui-1' });
    const b = await call(app, 'POST', `/api/v1/leads/${leadId}/messages`, w.as.olga, { text: 'once', clientMessageId: 'ui-1' });
    expect(b.body.message.id).toBe(a.body.message.id);
    const n = await rt.ctx.db.selectFrom('messages').select('id').where('lead_id', '=', leadId).where('text', '=', 'once').execute();
    expect(n).toHaveLength(1);
    expect((await call(app, 'POST', `/api/v1/dialogs/999999/take`, w.as.olga)).status).toBe(404);
    expect((await call(app, 'GET', `/api/v1/leads/${leadId}`, {})).status).toBe(401);
  });
});
