import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/app';
import { buildDepartment, buildLead, buildUser, buildSession } from '../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { call, httpWorld, leadSays, type Headers } from '../../test/world';
import type { App } from '../http/app-type';
import { createQueueDrainer, type QueueDrainer } from './queue-drainer';
import { sql } from 'kysely';
import { commit } from '../realtime/index';
import { lockLead } from '../storage/locks';
import { takeDialog, transferToDepartment } from '../dialogs/index';

type World = Awaited<ReturnType<typeof httpWorld>>;

// Automatic distribution as a business setting, through the API: the waiting queue drains by itself
// when a dialog starts waiting and whenever an operator gets room. The drainer listens to committed
// events as in a running server; a test waits for the assignment (never a fixed time), and asserts
// "still waiting" only after a drain it awaited itself.
describe.each(await dialects())('automatic distribution (autoAssign) on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let drainer: QueueDrainer;
  beforeAll(async () => {
    rt = await testRuntime(dialect);
    app = await testApp(rt);
    drainer = createQueueDrainer(rt.ctx);
  });
  afterAll(async () => {
    await drainer?.stop();
    await app?.close();
    await rt?.dispose();
  });

  const dialogOf = async (leadId: number) => {
    const lead = await rt.ctx.db.selectFrom('leads').select('current_dialog_id').where('id', '=', leadId).executeTakeFirstOrThrow();
    return rt.ctx.db.selectFrom('dialogs').selectAll().where('id', '=', lead.current_dialog_id!).executeTakeFirstOrThrow();
  };
  const assigneeOf = async (leadId: number) => (await dialogOf(leadId)).assignee_id;
  async function world(settings: Record<string, unknown> = {}) {
    const w = await httpWorld(rt.ctx.db);
    expect((await call(app, 'PATCH', '/api/v1/business', w.as.admin, { settings: { autoAssign: true, ...settings } })).status).toBe(200);
    return w;
  }
  const status = (w: World, userId: number, s: 'online' | 'offline') => call(app, 'PUT', `/api/v1/users/${userId}/status`, w.as.admin, { status: s });
  /** A lead the bot hands to the contact center (optionally for a department). */
  async function waitingLead(w: World, name: string, departmentCode?: string) {
    const { leadId } = await leadSays(app, w, `lead-${name}-${Math.random()}`, 'I need a human', name);
    const r = await call(app, 'POST', `/api/v1/leads/${leadId}/transfer-to-operators`, w.as.bot, departmentCode ? { departmentCode } : {});
    expect(r.status).toBe(200);
    return leadId;
  }

  it('is off by default: a waiting dialog stays waiting', async () => {
    const w = await httpWorld(rt.ctx.db);
    expect((await call(app, 'GET', '/api/v1/business', w.as.admin)).body.business.settings).toMatchObject({
      autoAssign: false,
      autoAssignOffline: false,
      preferPreviousOperator: false,
    });
    const lead = await waitingLead(w, 'Off');
    expect(await drainer.drain(w.business.id)).toBe(0);
    expect((await dialogOf(lead)).state).toBe('waiting');
  });

  it('gives a dialog that starts waiting to an online operator at once, the least loaded first', async () => {
    const w = await world();
    const first = await waitingLead(w, 'First');
    await expect.poll(() => assigneeOf(first)).not.toBeNull();
    const second = await waitingLead(w, 'Second');
    await expect.poll(() => assigneeOf(second)).not.toBeNull();
    // Olga and Pavel have one each: the least loaded got the second.
    expect(new Set([await assigneeOf(first), await assigneeOf(second)])).toEqual(new Set([w.op1.id, w.op2.id]));
  });

  it('keeps a dialog waiting while nobody is online, and gives it to the first operator who comes Online', async () => {
    const w = await world();
    await status(w, w.op1.id, 'offline');
    await status(w, w.op2.id, 'offline');
    const lead = await waitingLead(w, 'Nobody');
    await drainer.drain(w.business.id);
    expect((await dialogOf(lead)).state).toBe('waiting');
    expect((await call(app, 'PUT', '/api/v1/me/status', w.as.olga, { status: 'online' })).status).toBe(200);
    await expect.poll(() => assigneeOf(lead)).toBe(w.op1.id);
    // The dialog's history says who got it: the router.
    const lines = (await call(app, 'GET', `/api/v1/leads/${lead}/messages`, w.as.admin)).body.messages.filter((m: { author: string }) => m.author === 'system');
    expect(lines.at(-1).payload).toMatchObject({ kind: 'assigned', operatorId: w.op1.id, byUserId: null });
  });

  it('with autoAssignOffline also gives dialogs to Offline operators', async () => {
    const w = await world({ autoAssignOffline: true });
    await status(w, w.op1.id, 'offline');
    await status(w, w.op2.id, 'offline');
    const lead = await waitingLead(w, 'Offline ok');
    await expect.poll(() => assigneeOf(lead)).not.toBeNull();
  });

  it('drains when an operator closes a dialog, and when their limit is raised', async () => {
    const w = await world();
    await status(w, w.op2.id, 'offline');
    await call(app, 'PATCH', `/api/v1/users/${w.op1.id}`, w.as.admin, { maxDialogs: 1 });
    const a = await waitingLead(w, 'A');
    await expect.poll(() => assigneeOf(a)).toBe(w.op1.id);
    const b = await waitingLead(w, 'B');
    await drainer.drain(w.business.id);
    expect((await dialogOf(b)).state).toBe('waiting');
    // Olga closes A: B is hers at once.
    expect((await call(app, 'POST', `/api/v1/dialogs/${(await dialogOf(a)).id}/close`, w.as.olga)).status).toBe(200);
    await expect.poll(() => assigneeOf(b)).toBe(w.op1.id);
    const c = await waitingLead(w, 'C');
    await drainer.drain(w.business.id);
    expect((await dialogOf(c)).state).toBe('waiting');
    // A higher limit is room too.
    expect((await call(app, 'PATCH', `/api/v1/users/${w.op1.id}`, w.as.admin, { maxDialogs: 2 })).status).toBe(200);
    await expect.poll(() => assigneeOf(c)).toBe(w.op1.id);
  });

  it("keeps a department's dialog for its operators, and gives it to one who joins the department", async () => {
    const w = await world();
    const sales = await buildDepartment(rt.ctx.db, { businessId: w.business.id, code: 'sales' });
    const lead = await waitingLead(w, 'Wholesale', 'sales');
    await drainer.drain(w.business.id);
    expect((await dialogOf(lead)).state).toBe('waiting');
    expect((await call(app, 'PATCH', `/api/v1/users/${w.op2.id}`, w.as.admin, { departmentIds: [sales.id] })).status).toBe(200);
    await expect.poll(() => assigneeOf(lead)).toBe(w.op2.id);
  });

  it('with preferPreviousOperator gives a returning lead to the operator it had, when they can take it', async () => {
    const w = await world({ preferPreviousOperator: true });
    const lead = await waitingLead(w, 'Returning');
    await expect.poll(() => assigneeOf(lead)).not.toBeNull();
    const had = (await assigneeOf(lead))!;
    const by = had === w.op1.id ? w.as.olga : w.as.pavel;
    await call(app, 'POST', `/api/v1/dialogs/${(await dialogOf(lead)).id}/close`, by);
    // The other operator is now the less loaded (both have none); without the setting ties would go to whoever waited longest.
    await leadSays(
      app,
      w,
      (await rt.ctx.db.selectFrom('leads').select('messenger_id').where('id', '=', lead).executeTakeFirstOrThrow()).messenger_id,
      'me again',
    );
    await call(app, 'POST', `/api/v1/leads/${lead}/transfer-to-operators`, w.as.bot, {});
    await expect.poll(() => assigneeOf(lead)).toBe(had);
  });

  it('never gives a dialog to two operators, nor an operator more than their limit, with several drains racing', async () => {
    const w = await world();
    const operators: { id: number; headers: Headers }[] = [];
    for (let i = 0; i < 4; i++) {
      const u = await buildUser(rt.ctx.db, { businessId: w.business.id, roles: ['operator'], status: 'offline', maxDialogs: 3 });
      operators.push({ id: u.id, headers: (await buildSession(rt.ctx.db, { userId: u.id, businessId: w.business.id })).headers });
    }
    await status(w, w.op1.id, 'offline');
    await status(w, w.op2.id, 'offline');
    const leads: number[] = [];
    for (let i = 0; i < 20; i++) leads.push(await waitingLead(w, `Race ${i}`));
    // Several processes' drainers at once (each its own, as in a deployment), while the operators come Online.
    const others = [createQueueDrainer(rt.ctx), createQueueDrainer(rt.ctx), createQueueDrainer(rt.ctx)];
    await Promise.all([
      ...operators.map((o) => call(app, 'PUT', '/api/v1/me/status', o.headers, { status: 'online' })),
      ...others.map((d) => d.drain(w.business.id)),
      drainer.drain(w.business.id),
    ]);
    await Promise.all(others.map((d) => d.drain(w.business.id)));
    await Promise.all(others.map((d) => d.stop()));
    const dialogs = await rt.ctx.db.selectFrom('dialogs').select(['id', 'assignee_id', 'state']).where('business_id', '=', w.business.id).execute();
    const perOperator = new Map<number, number>();
    for (const d of dialogs) if (d.state === 'active' && d.assignee_id) perOperator.set(d.assignee_id, (perOperator.get(d.assignee_id) ?? 0) + 1);
    expect([...perOperator.values()].every((n) => n <= 3)).toBe(true);
    // 4 operators × 3: twelve dialogs assigned, eight still waiting, none twice.
    expect(dialogs.filter((d) => d.state === 'active')).toHaveLength(12);
    expect(dialogs.filter((d) => d.state === 'waiting')).toHaveLength(8);
    const members = await rt.ctx.db
      .selectFrom('dialog_members')
      .select(['dialog_id'])
      .where('business_id', '=', w.business.id)
      .where('left_at', 'is', null)
      .execute();
    expect(members.length).toBe(new Set(members.map((m) => m.dialog_id)).size);
  });

  describe("offlineDialogs: what an operator's dialogs do when they go Offline", () => {
    async function withDialog(settings: Record<string, unknown>) {
      const w = await world(settings);
      await status(w, w.op2.id, 'offline');
      const lead = await waitingLead(w, 'Offline case');
      await expect.poll(() => assigneeOf(lead)).toBe(w.op1.id);
      return { w, lead };
    }

    it("keep (the default): they stay the operator's", async () => {
      const { w, lead } = await withDialog({ autoAssign: true });
      await call(app, 'PUT', '/api/v1/me/status', w.as.olga, { status: 'offline' });
      await drainer.idle();
      expect(await dialogOf(lead)).toMatchObject({ state: 'active', assignee_id: w.op1.id });
    });

    it('requeue: back to Waiting, with a line in the history saying why', async () => {
      const { w, lead } = await withDialog({ autoAssign: true, offlineDialogs: 'requeue' });
      await call(app, 'PATCH', '/api/v1/business', w.as.admin, { settings: { autoAssign: false } });
      await call(app, 'PUT', '/api/v1/me/status', w.as.olga, { status: 'offline' });
      await expect.poll(async () => (await dialogOf(lead)).state).toBe('waiting');
      expect((await dialogOf(lead)).assignee_id).toBeNull();
      const lines = (await call(app, 'GET', `/api/v1/leads/${lead}/messages`, w.as.admin)).body.messages.filter(
        (m: { author: string }) => m.author === 'system',
      );
      expect(lines.at(-1).payload).toEqual({ kind: 'released', operatorId: w.op1.id, operatorName: 'Olga', reason: 'offline' });
      expect((await call(app, 'GET', `/api/v1/leads/${lead}`, w.as.admin)).body.row.state).toBe('waiting');
    });

    it('requeue with automatic distribution hands them on: signing out choosing Offline gives them to the one still Online', async () => {
      const { w, lead } = await withDialog({ autoAssign: true, offlineDialogs: 'requeue' });
      await status(w, w.op2.id, 'online');
      expect((await call(app, 'POST', '/api/v1/auth/logout', w.as.olga, { status: 'offline' })).status).toBe(200);
      await expect.poll(() => assigneeOf(lead)).toBe(w.op2.id);
    });
  });

  it('reassignAfterSec: a dialog its operator has not answered in time goes to someone else, never back to them', async () => {
    const w = await world({ reassignAfterSec: 60 });
    await status(w, w.op2.id, 'offline');
    const quiet = await waitingLead(w, 'Unanswered');
    const answered = await waitingLead(w, 'Answered');
    await expect.poll(() => assigneeOf(quiet)).toBe(w.op1.id);
    await expect.poll(() => assigneeOf(answered)).toBe(w.op1.id);
    await call(app, 'POST', `/api/v1/leads/${answered}/messages`, w.as.olga, { text: 'Hello!' });
    await status(w, w.op2.id, 'online');
    // Not yet due.
    expect(await drainer.reassignOverdue(w.business.id)).toBe(0);
    // A minute later (a drainer on a clock 61 s ahead): the unanswered one is taken back and handed to
    // Pavel. That drainer is stopped at once: its clock would make it take back Pavel's dialog at once too.
    const later = createQueueDrainer({ ...rt.ctx, clock: () => Date.now() + 61_000 });
    expect(await later.reassignOverdue(w.business.id)).toBe(1);
    await later.stop();
    await expect.poll(() => assigneeOf(quiet)).toBe(w.op2.id);
    expect(await assigneeOf(answered)).toBe(w.op1.id);
    const lines = (await call(app, 'GET', `/api/v1/leads/${quiet}/messages`, w.as.admin)).body.messages
      .filter((m: { author: string }) => m.author === 'system')
      .map((m: { payload: { kind: string; reason?: string; operatorId?: number } }) => m.payload);
    expect(lines.slice(-2)).toMatchObject([
      { kind: 'released', operatorId: w.op1.id, reason: 'no_answer' },
      { kind: 'assigned', operatorId: w.op2.id },
    ]);
    // Pavel does not answer either, and Olga is the only other one: it waits rather than going back to her.
    await status(w, w.op2.id, 'offline');
    const muchLater = createQueueDrainer({ ...rt.ctx, clock: () => Date.now() + 200_000 });
    expect(await muchLater.reassignOverdue(w.business.id)).toBe(1);
    await muchLater.stop();
    await drainer.idle();
    await drainer.drain(w.business.id);
    expect(await dialogOf(quiet)).toMatchObject({ state: 'waiting', assignee_id: null });
  });

  it("a department's own options: its reassignment time and what its dialogs do when their operator goes Offline", async () => {
    const w = await world({ offlineDialogs: 'requeue' });
    const db = rt.ctx.db;
    const vip = await buildDepartment(db, { businessId: w.business.id, code: 'vip', userIds: [w.op1.id, w.op2.id] });
    const sales = await buildDepartment(db, { businessId: w.business.id, code: 'sales', userIds: [w.op1.id, w.op2.id] });
    const r = await call(app, 'PATCH', `/api/v1/departments/${vip.id}`, w.as.admin, { reassignAfterSec: 30 });
    expect(r.body.department).toMatchObject({ code: 'vip', reassignAfterSec: 30, offlineDialogs: null });
    expect((await call(app, 'PATCH', `/api/v1/departments/${sales.id}`, w.as.admin, { offlineDialogs: 'keep' })).body.department.offlineDialogs).toBe('keep');
    expect((await call(app, 'PATCH', `/api/v1/departments/${sales.id}`, w.as.admin, { reassignAfterSec: 5 })).status).toBe(400);
    await status(w, w.op2.id, 'offline');
    const vipLead = await waitingLead(w, 'VIP', 'vip');
    const salesLead = await waitingLead(w, 'Sales', 'sales');
    const plain = await waitingLead(w, 'Plain');
    for (const l of [vipLead, salesLead, plain]) await expect.poll(() => assigneeOf(l)).toBe(w.op1.id);
    await status(w, w.op2.id, 'online');
    // 31 s later only the VIP dialog is overdue: the business itself never reassigns.
    const later = createQueueDrainer({ ...rt.ctx, clock: () => Date.now() + 31_000 });
    expect(await later.reassignOverdue(w.business.id)).toBe(1);
    await later.stop();
    await expect.poll(() => assigneeOf(vipLead)).toBe(w.op2.id);
    expect(await assigneeOf(salesLead)).toBe(w.op1.id);
    // Olga goes Offline: the business requeues, sales keeps.
    await status(w, w.op1.id, 'offline');
    await expect.poll(() => assigneeOf(plain)).toBe(w.op2.id);
    await drainer.idle();
    expect(await assigneeOf(salesLead)).toBe(w.op1.id);
  });

  it('drains the waiting queue at once when distribution is switched on', async () => {
    const w = await httpWorld(rt.ctx.db);
    const lead = await waitingLead(w, 'Before');
    await drainer.drain(w.business.id);
    expect((await dialogOf(lead)).state).toBe('waiting');
    expect((await call(app, 'PATCH', '/api/v1/business', w.as.admin, { settings: { autoAssign: true } })).status).toBe(200);
    await expect.poll(() => assigneeOf(lead)).not.toBeNull();
  });

  it("a department switches distribution on or off for its own dialogs (null: as the business's)", async () => {
    const w = await httpWorld(rt.ctx.db);
    const sales = await buildDepartment(rt.ctx.db, { businessId: w.business.id, code: 'sales', userIds: [w.op1.id] });
    const support = await buildDepartment(rt.ctx.db, { businessId: w.business.id, code: 'support', userIds: [w.op2.id] });
    const on = await call(app, 'PATCH', `/api/v1/departments/${sales.id}`, w.as.admin, { autoAssign: true });
    expect(on.body.department).toMatchObject({ code: 'sales', autoAssign: true });
    // The business is off: only sales' dialogs are distributed.
    const toSales = await waitingLead(w, 'Sales lead', 'sales');
    const toSupport = await waitingLead(w, 'Support lead', 'support');
    const anyone = await waitingLead(w, 'Anyone');
    await expect.poll(() => assigneeOf(toSales)).toBe(w.op1.id);
    await drainer.drain(w.business.id);
    expect((await dialogOf(toSupport)).state).toBe('waiting');
    expect((await dialogOf(anyone)).state).toBe('waiting');
    // The business on, support off: the dialog without a department goes, support's stays.
    await call(app, 'PATCH', `/api/v1/departments/${support.id}`, w.as.admin, { autoAssign: false });
    await call(app, 'PATCH', '/api/v1/business', w.as.admin, { settings: { autoAssign: true } });
    await expect.poll(() => assigneeOf(anyone)).not.toBeNull();
    await drainer.drain(w.business.id);
    expect((await dialogOf(toSupport)).state).toBe('waiting');
    // Back to the business's setting: it goes too.
    const inherit = await call(app, 'PATCH', `/api/v1/departments/${support.id}`, w.as.admin, { autoAssign: null });
    expect(inherit.body.department.autoAssign).toBeNull();
    await expect.poll(() => assigneeOf(toSupport)).toBe(w.op2.id);
  });

  it("reaches a department's dialog behind hundreds of older ones nobody can take (no drain stops at its first page)", async () => {
    const w = await world();
    const db = rt.ctx.db;
    const full = await buildDepartment(db, { businessId: w.business.id, code: 'full' });
    await buildDepartment(db, { businessId: w.business.id, code: 'free', userIds: [w.op2.id] });
    // 450 older dialogs wait for a department without operators.
    const now = Date.now() - 60_000;
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < 450; i++) {
        const lead = await buildLead(tx, { businessId: w.business.id, botId: w.bot.id, channelId: w.channel.id, messengerId: `old-${i}` });
        const d = await tx
          .insertInto('dialogs')
          .values({
            business_id: w.business.id,
            lead_id: lead.id,
            state: 'waiting',
            department_id: full.id,
            assignee_id: null,
            created_at: now + i,
            waiting_since: now + i,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx.updateTable('leads').set({ state: 'waiting', current_dialog_id: d.id }).where('id', '=', lead.id).execute();
      }
    });
    await status(w, w.op1.id, 'offline');
    const lead = await waitingLead(w, 'Behind the queue', 'free');
    await expect.poll(() => assigneeOf(lead)).toBe(w.op2.id);
  });

  it.runIf(dialect === 'postgres')(
    "re-checks under the lead's lock what it decided on: a dialog taken and moved meanwhile is not given out on stale facts",
    async () => {
      const w = await world();
      const db = rt.ctx.db;
      await status(w, w.op1.id, 'offline');
      await status(w, w.op2.id, 'offline');
      const xenia = await buildUser(db, { businessId: w.business.id, roles: ['operator'], status: 'offline', maxDialogs: 3, name: 'Xenia' });
      await buildDepartment(db, { businessId: w.business.id, code: 'a', userIds: [xenia.id] });
      await buildDepartment(db, { businessId: w.business.id, code: 'b' });
      const lead = await waitingLead(w, 'Moved meanwhile', 'a');
      await drainer.idle();
      const dialog = await dialogOf(lead);
      // Xenia takes the dialog and passes it to department b while a drain, woken by her coming Online,
      // waits for the lead's lock with what it read before: department a, nobody let it go.
      const xeniaActor = { kind: 'user' as const, businessId: w.business.id, userId: xenia.id, roles: ['operator' as const], name: 'Xenia' };
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      let go!: () => void;
      const mayGo = new Promise<void>((resolve) => (go = resolve));
      const meanwhile = commit(rt.ctx, w.business.id, async (tx) => {
        await lockLead(tx, lead);
        locked();
        await mayGo;
        const took = await takeDialog(tx, { actor: xeniaActor, dialogId: dialog.id, now: Date.now() });
        const moved = await transferToDepartment(tx, { actor: xeniaActor, dialogId: dialog.id, departmentCode: 'b', now: Date.now() });
        return { result: null, events: [...took.events, ...moved.events] };
      });
      await isLocked;
      const session = await buildSession(db, { userId: xenia.id, businessId: w.business.id });
      expect((await call(app, 'PUT', '/api/v1/me/status', session.headers, { status: 'online' })).status).toBe(200);
      // The drain is blocked on the lead's row lock (PostgreSQL tells).
      await expect
        .poll(async () => (await sql<{ n: number }>`select count(*)::int as n from pg_locks where not granted`.execute(db)).rows[0]!.n)
        .toBeGreaterThan(0);
      go();
      await meanwhile;
      await drainer.idle();
      expect(await dialogOf(lead)).toMatchObject({ state: 'waiting', assignee_id: null, department_id: expect.any(Number) });
      expect((await dialogOf(lead)).department_id).not.toBe(dialog.department_id);
    },
  );
});

// A drain that found an operator's row held looks again: the holder may be another process's router,
// whose assignment raises no event that opens room, so nothing else would wake the queue before the
// sweep (none here). The operator's row is held by a transaction of the test's own, ended without an event.
describe.runIf((await dialects()).includes('postgres'))('automatic distribution when no event follows a held operator (postgres)', () => {
  let rt: TestRuntime;
  let app: App;
  let drainer: QueueDrainer;
  beforeAll(async () => {
    rt = await testRuntime('postgres');
    app = await testApp(rt);
    drainer = createQueueDrainer(rt.ctx, { sweepMs: 3_600_000 });
  });
  afterAll(async () => {
    await drainer?.stop();
    await app?.close();
    await rt?.dispose();
  });

  it("gives the dialog out once the operator's row is free, though nothing happens after the drain gave up on it", async () => {
    const w = await httpWorld(rt.ctx.db);
    expect((await call(app, 'PATCH', '/api/v1/business', w.as.admin, { settings: { autoAssign: true } })).status).toBe(200);
    expect((await call(app, 'PUT', `/api/v1/users/${w.op2.id}/status`, w.as.admin, { status: 'offline' })).status).toBe(200);
    await drainer.idle();
    let held!: () => void;
    const isHeld = new Promise<void>((resolve) => (held = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const holder = rt.ctx.db.transaction().execute(async (tx) => {
      await sql`select id from users where id = ${w.op1.id} for update`.execute(tx);
      held();
      await released;
    });
    await isHeld;
    const { leadId } = await leadSays(app, w, `lead-held-${Math.random()}`, 'I need a human', 'Held');
    expect((await call(app, 'POST', `/api/v1/leads/${leadId}/transfer-to-operators`, w.as.bot, {})).status).toBe(200);
    // Every pass of the drain its arrival started found Olga's row held.
    await drainer.idle();
    const dialogOf = async () => {
      const lead = await rt.ctx.db.selectFrom('leads').select('current_dialog_id').where('id', '=', leadId).executeTakeFirstOrThrow();
      return rt.ctx.db.selectFrom('dialogs').selectAll().where('id', '=', lead.current_dialog_id!).executeTakeFirstOrThrow();
    };
    expect(await dialogOf()).toMatchObject({ state: 'waiting', assignee_id: null });
    release();
    await holder;
    await expect.poll(async () => (await dialogOf()).assignee_id, { timeout: 10_000 }).toBe(w.op1.id);
  });
});
