import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildLead, buildWorld } from '../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import type { Executor, Tx } from '../storage/db';
import { router } from './router';

// The router ranks the candidates on a view, then commits its choice. Between the two, a candidate may change (go
// offline, be disabled, fill up from another lead's dialog): the next one is tried. Each test
// changes the first candidate right after the real ranking, in the same transaction.

describe.each(await dialects())('router.assignNext on %s', (dialect) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await testRuntime(dialect);
  });
  afterAll(async () => {
    await rt?.dispose();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** A business (two online operators, Olga ranked first) and a lead whose dialog waits. */
  async function waitingDialog() {
    const db = rt.ctx.db;
    const w = await buildWorld(db);
    const lead = await buildLead(db, { businessId: w.business.id, botId: w.bot.id, channelId: w.channel.id });
    const dialog = await db
      .insertInto('dialogs')
      .values({
        business_id: w.business.id,
        lead_id: lead.id,
        state: 'waiting',
        department_id: null,
        assignee_id: null,
        created_at: Date.now(),
        assigned_at: null,
        first_response_at: null,
        ended_at: null,
        end_reason: null,
        ended_by: null,
        return_script: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await db.updateTable('leads').set({ state: 'waiting', current_dialog_id: dialog.id }).where('id', '=', lead.id).execute();
    return { ...w, lead, dialog };
  }

  /** Runs the real ranking, then lets `meanwhile` change things before the router commits its choice. */
  function afterRanking(meanwhile: (tx: Executor, ranked: number[]) => Promise<void>) {
    const assignFirst = router.assignFirst.bind(router);
    return vi.spyOn(router, 'assignFirst').mockImplementationOnce(async (tx: Tx, r: Parameters<typeof router.assignFirst>[1]) => {
      await meanwhile(
        tx,
        r.order.map((o) => o.id),
      );
      return assignFirst(tx, r);
    });
  }

  const assign = (w: Awaited<ReturnType<typeof waitingDialog>>) =>
    rt.ctx.db
      .transaction()
      .execute((tx) => router.assignNext(tx, { businessId: w.business.id, departmentCode: null, onlineOnly: true, dialogId: w.dialog.id, now: Date.now() }));
  const assigneeOf = async (dialogId: number) =>
    await rt.ctx.db.selectFrom('dialogs').select(['state', 'assignee_id']).where('id', '=', dialogId).executeTakeFirstOrThrow();

  it('gives the dialog to the best candidate', async () => {
    const w = await waitingDialog();
    const r = await assign(w);
    expect(r.operatorId).toBe(w.op1.id);
    expect(r.events.map((e) => e.type)).toContain('dialog.assigned');
    expect(await assigneeOf(w.dialog.id)).toEqual({ state: 'active', assignee_id: w.op1.id });
  });

  it('gives it to the second candidate when the first went offline after the ranking', async () => {
    const w = await waitingDialog();
    afterRanking(async (tx, ranked) => {
      expect(ranked).toEqual([w.op1.id, w.op2.id]);
      await tx.updateTable('users').set({ status: 'offline' }).where('id', '=', w.op1.id).execute();
    });
    const r = await assign(w);
    expect(r.operatorId).toBe(w.op2.id);
    expect(await assigneeOf(w.dialog.id)).toEqual({ state: 'active', assignee_id: w.op2.id });
  });

  it('gives it to the second candidate when the first was disabled or filled up after the ranking', async () => {
    const w = await waitingDialog();
    afterRanking(async (tx) => {
      await tx.updateTable('users').set({ disabled: 1 }).where('id', '=', w.op1.id).execute();
    });
    expect((await assign(w)).operatorId).toBe(w.op2.id);

    const full = await waitingDialog();
    afterRanking(async (tx) => {
      await tx.updateTable('users').set({ max_dialogs: 0 }).where('id', '=', full.op1.id).execute();
    });
    expect((await assign(full)).operatorId).toBe(full.op2.id);
  });

  it('leaves the dialog waiting when no candidate can take it any more', async () => {
    const w = await waitingDialog();
    afterRanking(async (tx, ranked) => {
      await tx.updateTable('users').set({ status: 'offline' }).where('id', 'in', ranked).execute();
    });
    expect(await assign(w)).toEqual({ operatorId: null, events: [], contended: false });
    expect(await assigneeOf(w.dialog.id)).toEqual({ state: 'waiting', assignee_id: null });
  });

  it('stops, handing nothing over, when the dialog is no longer waiting', async () => {
    const w = await waitingDialog();
    afterRanking(async (tx) => {
      await tx.updateTable('dialogs').set({ state: 'active', assignee_id: w.admin.id }).where('id', '=', w.dialog.id).execute();
    });
    expect(await assign(w)).toEqual({ operatorId: null, events: [], contended: false });
    expect(await assigneeOf(w.dialog.id)).toEqual({ state: 'active', assignee_id: w.admin.id });
  });
});
