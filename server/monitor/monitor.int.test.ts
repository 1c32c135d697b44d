import { afterEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dialects, type TestRuntime } from '../../test/harness';
import { call, httpWorld, leadSays, signedInWith, strangerWorld, type Answer } from '../../test/world';
import { createBreachWatcher } from '../dialogs/index';
import type { App } from '../http/app-type';

// The live monitor on a test clock: known waits, loads, answers and missed targets give exactly these
// figures; another business sees none of it; operators are refused.
describe.each(await dialects())('live monitor on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));
  afterEach(() => {
    rt.ctx.clock = Date.now;
  });

  const T0 = Date.UTC(2026, 10, 2, 7, 0, 0);
  const S = 1000;
  const ok = async (r: Promise<{ status: number; body: Answer | null }>) => {
    const a = await r;
    expect([200, 201], JSON.stringify(a.body)).toContain(a.status);
    return a.body!;
  };

  it('shows the queues per department, the operators with load and last reply, and the targets missed now', async () => {
    const w = await httpWorld(rt.ctx.db);
    let now = T0 - 60 * S;
    rt.ctx.clock = () => now;
    const at = (sec: number) => {
      now = T0 + sec * S;
    };
    const watcher = createBreachWatcher({ ...rt.ctx, clock: () => now }, { sweepMs: 3_600_000 });
    try {
      await ok(call(app, 'PATCH', '/api/v1/business', w.as.admin, { settings: { firstResponseTargetSec: 60, nextResponseTargetSec: 30 } }));
      const support = (await ok(call(app, 'POST', '/api/v1/departments', w.as.admin, { code: 'support', name: 'Support' }))).department;
      const sales = (await ok(call(app, 'POST', '/api/v1/departments', w.as.admin, { code: 'sales', name: 'Sales' }))).department;
      await ok(call(app, 'PATCH', `/api/v1/departments/${support.id}`, w.as.admin, { firstResponseTargetSec: 30 }));
      await ok(call(app, 'PATCH', `/api/v1/users/${w.op1.id}`, w.as.admin, { departmentIds: [support.id, sales.id], maxDialogs: 4 }));
      const leads: Record<string, number> = {};
      for (const name of ['A', 'B', 'C', 'D', 'E', 'F', 'G']) leads[name] = (await leadSays(app, w, `lead-${name}`, 'hello', name)).leadId;
      const transfer = (lead: string, departmentCode?: string) =>
        ok(call(app, 'POST', `/api/v1/leads/${leads[lead]}/transfer-to-operators`, w.as.bot, departmentCode ? { departmentCode } : {}));
      const dialogOf = async (lead: string) => ((await ok(call(app, 'GET', `/api/v1/leads/${leads[lead]}/dialogs`, w.as.admin))).dialogs as Answer[])[0]!.id;
      const take = async (lead: string, who: Record<string, string>) => ok(call(app, 'POST', `/api/v1/dialogs/${await dialogOf(lead)}/take`, who));
      const write = (lead: string, who: Record<string, string>, text: string) =>
        ok(call(app, 'POST', `/api/v1/leads/${leads[lead]}/messages`, who, { text, clientMessageId: `m-${lead}-${now}` }));

      at(0);
      await transfer('A', 'support'); // due at 30
      at(5);
      await transfer('E'); // no department: due at 65
      at(6);
      await transfer('F'); // due at 66
      at(7);
      await transfer('G');
      at(8);
      await take('G', w.as.pavel);
      at(9);
      await write('G', w.as.pavel, 'Pavel here'); // Pavel's last reply
      at(10);
      await transfer('B', 'support'); // due at 40
      await take('E', w.as.olga);
      at(12);
      await take('F', w.as.olga); // never answered: awaits Olga's answer
      at(15);
      await write('E', w.as.olga, 'Olga here'); // Olga's last reply
      at(20);
      await transfer('C', 'sales'); // due at 80
      await leadSays(app, w, 'lead-E', 'and one more thing'); // next answer due at 50: awaits Olga's answer
      at(25);
      await transfer('D'); // no department: due at 85
      at(50);
      await ok(call(app, 'POST', `/api/v1/leads/${leads.G}/notes`, w.as.pavel, { text: 'a note is no reply', clientMessageId: 'note-1' }));
      at(70);
      expect(await watcher.check(w.business.id)).toBe(4); // A, B and F unanswered; E's next answer
      await rt.ctx.db.insertInto('workspace_presence').values({ user_id: w.op2.id, process_id: 'p1', business_id: w.business.id, seen_at: now }).execute();
      at(75);

      const m = (await ok(call(app, 'GET', '/api/v1/monitor', w.as.admin))).monitor;
      expect(m.now).toBe(T0 + 75 * S);
      expect(m.departments).toEqual([
        { id: sales.id, name: 'Sales' },
        { id: support.id, name: 'Support' },
      ]);
      expect(m.queues).toEqual([
        { departmentId: sales.id, name: 'Sales', waiting: 1, oldestWaitingSince: T0 + 20 * S, pastTarget: 0 },
        { departmentId: support.id, name: 'Support', waiting: 2, oldestWaitingSince: T0, pastTarget: 2 },
        { departmentId: null, name: '', waiting: 1, oldestWaitingSince: T0 + 25 * S, pastTarget: 0 },
      ]);
      expect(m.operators).toEqual([
        {
          id: w.admin.id,
          name: 'Admin',
          status: 'offline',
          workspaceOpen: false,
          load: 0,
          maxDialogs: 5,
          departmentIds: [],
          lastReplyAt: null,
          awaitingAnswer: 0,
        },
        {
          id: w.op1.id,
          name: 'Olga',
          status: 'online',
          workspaceOpen: false,
          load: 2,
          maxDialogs: 4,
          departmentIds: [support.id, sales.id].sort((a: number, b: number) => a - b),
          lastReplyAt: T0 + 15 * S,
          awaitingAnswer: 2,
        },
        {
          id: w.op2.id,
          name: 'Pavel',
          status: 'online',
          workspaceOpen: true,
          load: 1,
          maxDialogs: 5,
          departmentIds: [],
          lastReplyAt: T0 + 9 * S,
          awaitingAnswer: 0,
        },
      ]);
      const [a, b, e, f] = await Promise.all(['A', 'B', 'E', 'F'].map(dialogOf));
      expect(m.breachedTotal).toBe(4);
      expect(m.breached).toEqual([
        {
          dialogId: a,
          leadId: leads.A,
          leadName: 'A',
          departmentId: support.id,
          operatorId: null,
          operatorName: null,
          target: 'first_response',
          dueAt: T0 + 30 * S,
        },
        {
          dialogId: b,
          leadId: leads.B,
          leadName: 'B',
          departmentId: support.id,
          operatorId: null,
          operatorName: null,
          target: 'first_response',
          dueAt: T0 + 40 * S,
        },
        {
          dialogId: e,
          leadId: leads.E,
          leadName: 'E',
          departmentId: null,
          operatorId: w.op1.id,
          operatorName: 'Olga',
          target: 'next_response',
          dueAt: T0 + 50 * S,
        },
        {
          dialogId: f,
          leadId: leads.F,
          leadName: 'F',
          departmentId: null,
          operatorId: w.op1.id,
          operatorName: 'Olga',
          target: 'first_response',
          dueAt: T0 + 66 * S,
        },
      ]);

      // Olga answers E and takes A: E leaves the breached list, A leaves the queue; both count on her load.
      at(80);
      await write('E', w.as.olga, 'Here it is');
      await take('A', w.as.olga);
      const after = (await ok(call(app, 'GET', '/api/v1/monitor', w.as.admin))).monitor;
      expect(after.queues.find((q: Answer) => q.departmentId === support.id)).toEqual({
        departmentId: support.id,
        name: 'Support',
        waiting: 1,
        oldestWaitingSince: T0 + 10 * S,
        pastTarget: 1,
      });
      expect(after.operators.find((o: Answer) => o.id === w.op1.id)).toMatchObject({ load: 3, awaitingAnswer: 2, lastReplyAt: T0 + 80 * S });
      expect(after.breached.map((x: Answer) => [x.leadName, x.target, x.operatorName])).toEqual([
        ['A', 'first_response', 'Olga'],
        ['B', 'first_response', null],
        ['F', 'first_response', 'Olga'],
      ]);
    } finally {
      await watcher.stop();
    }
  });

  it("never shows another business's operators, queues or missed targets", async () => {
    const w = await httpWorld(rt.ctx.db);
    const other = await strangerWorld(rt.ctx.db);
    const { leadId } = await leadSays(app, w, 'mine', 'hi');
    await ok(call(app, 'POST', `/api/v1/leads/${leadId}/transfer-to-operators`, w.as.bot, {}));
    const theirs = (await ok(call(app, 'GET', '/api/v1/monitor', other.headers))).monitor;
    expect(theirs.queues).toEqual([{ departmentId: null, name: '', waiting: 0, oldestWaitingSince: null, pastTarget: 0 }]);
    expect(theirs.breached).toEqual([]);
    const ourIds = [w.admin.id, w.op1.id, w.op2.id];
    expect(theirs.operators.map((o: Answer) => o.id).filter((id: number) => ourIds.includes(id))).toEqual([]);
    expect(theirs.operators.map((o: Answer) => o.id).sort()).toEqual([other.world.admin.id, other.world.op1.id, other.world.op2.id].sort());
    const mine = (await ok(call(app, 'GET', '/api/v1/monitor', w.as.admin))).monitor;
    expect(mine.queues).toEqual([{ departmentId: null, name: '', waiting: 1, oldestWaitingSince: expect.any(Number), pastTarget: 0 }]);
  });

  it('answers administrators and viewers, and refuses operators', async () => {
    const w = await httpWorld(rt.ctx.db);
    const refused = await call(app, 'GET', '/api/v1/monitor', w.as.olga);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('live monitor');
    const viewer = await signedInWith(rt.ctx.db, w.business.id, ['viewer']);
    expect((await call(app, 'GET', '/api/v1/monitor', viewer)).status).toBe(200);
  });
});
