import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/app';
import { buildDepartment, buildScript, buildSession, setBotScripts } from '../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { expectCursorRefused, readPages, withCursor } from '../../test/pages';
import { startReceiver, type Receiver } from '../../test/webhook-receiver';
import { call, httpWorld, leadSays, type Answer } from '../../test/world';
import { createBotWorker, type BotWorker } from '../bot-runtime/bot-worker';
import { createScriptEngine } from '../bot-runtime/js-engine';
import type { App } from '../http/app-type';
import { TestClient } from '../realtime/realtime.testkit';
import { createQueueDrainer, type QueueDrainer } from './queue-drainer';
import { appendRoutingLogs } from './routing-script.repo';

type World = Awaited<ReturnType<typeof httpWorld>>;

// The business's own routing decision (a script in the sandbox), "only operators with the workspace
// open", and the bot's one JS line keeping a dialog in the queue: through the API, with the drainer
// listening to committed events as in a running server. Assertions wait for the event they expect;
// "still waiting" is asserted only after a drain the test awaited itself.
describe.each(await dialects())('routing by script and by open workspace on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let drainer: QueueDrainer;
  let worker: BotWorker;
  let crm: Receiver;
  let ws: string;
  const sockets: TestClient[] = [];
  beforeAll(async () => {
    rt = await testRuntime(dialect);
    app = await testApp(rt);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    if (!addr || typeof addr === 'string') throw new Error('no port');
    ws = `ws://127.0.0.1:${addr.port}/api/v1/realtime`;
    drainer = createQueueDrainer(rt.ctx);
    worker = createBotWorker({ ...rt.ctx, js: createScriptEngine(rt.ctx) });
    // A CRM: each ticket gets a number.
    crm = await startReceiver(() => 201);
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await worker?.stop();
    await drainer?.stop();
    await crm?.close();
    await app?.close();
    await rt?.dispose();
  });

  const dialogOf = async (leadId: number) => {
    const lead = await rt.ctx.db.selectFrom('leads').select('current_dialog_id').where('id', '=', leadId).executeTakeFirstOrThrow();
    return rt.ctx.db.selectFrom('dialogs').selectAll().where('id', '=', lead.current_dialog_id!).executeTakeFirstOrThrow();
  };
  const assigneeOf = async (leadId: number) => (await dialogOf(leadId)).assignee_id;
  const logOf = async (w: World, dialogId?: number) =>
    (await call(app, 'GET', `/api/v1/routing/logs${dialogId ? `?dialogId=${dialogId}` : ''}`, w.as.admin)).body.logs.map(
      (l: Answer) => `${l.level}: ${l.message}`,
    );
  async function world(settings: Record<string, unknown> = { autoAssign: true }) {
    const w = await httpWorld(rt.ctx.db);
    expect((await call(app, 'PATCH', '/api/v1/business', w.as.admin, { settings })).status).toBe(200);
    return w;
  }
  async function script(w: World, code: string) {
    const r = await call(app, 'PUT', '/api/v1/routing/script', w.as.admin, { code });
    expect(r.status).toBe(200);
    await drainer.idle();
  }
  async function waitingLead(w: World, name: string, o: { attrs?: Record<string, string>; departmentCode?: string } = {}) {
    const { leadId } = await leadSays(app, w, `lead-${name}-${Math.random()}`, 'I need a human', name);
    if (o.attrs) expect((await call(app, 'PATCH', `/api/v1/leads/${leadId}`, w.as.admin, { setAttributes: o.attrs })).status).toBe(200);
    const r = await call(app, 'POST', `/api/v1/leads/${leadId}/transfer-to-operators`, w.as.bot, o.departmentCode ? { departmentCode: o.departmentCode } : {});
    expect(r.status).toBe(200);
    return leadId;
  }

  describe('the routing script', () => {
    it('is kept per business, must parse, and only administrators and script editors see it', async () => {
      const w = await world();
      expect((await call(app, 'GET', '/api/v1/routing/script', w.as.admin)).body).toEqual({ script: null });
      const bad = await call(app, 'PUT', '/api/v1/routing/script', w.as.admin, { code: 'return {' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/code: line 1/);
      expect((await call(app, 'PUT', '/api/v1/routing/script', w.as.admin, { code: '  ' })).status).toBe(400);
      expect((await call(app, 'PUT', '/api/v1/routing/script', w.as.olga, { code: 'return null;' })).status).toBe(403);
      await script(w, 'return null;');
      expect((await call(app, 'GET', '/api/v1/routing/script', w.as.admin)).body.script).toMatchObject({ code: 'return null;', updatedBy: w.admin.id });
      // Another business has none.
      const other = await world();
      expect((await call(app, 'GET', '/api/v1/routing/script', other.as.admin)).body).toEqual({ script: null });
      expect((await call(app, 'DELETE', '/api/v1/routing/script', w.as.admin)).status).toBe(200);
      expect((await call(app, 'GET', '/api/v1/routing/script', w.as.admin)).body).toEqual({ script: null });
    });

    it('pages its log newest first with a cursor', async () => {
      const w = await world();
      // Written as the router writes them, one decision at a time.
      for (let i = 0; i < 5; i++)
        await appendRoutingLogs(rt.ctx.db, { businessId: w.business.id, dialogId: null, lines: [{ level: 'log', message: `line ${i}` }], now: i });
      const pages = await readPages((cursor) => call(app, 'GET', withCursor('/api/v1/routing/logs?limit=2', cursor), w.as.admin));
      expect(pages.map((p) => p.logs.map((l: Answer) => l.message))).toEqual([['line 4', 'line 3'], ['line 2', 'line 1'], ['line 0']]);
      expectCursorRefused(await call(app, 'GET', '/api/v1/routing/logs?cursor=zzz', w.as.admin));
    });

    it('gives VIP leads to the senior operator and leaves the rest to the built-in rule', async () => {
      const w = await world();
      await script(
        w,
        `const lead = routing.lead();
         const senior = routing.operators().find((o) => o.name === 'Pavel');
         console.log('lead', lead.name, 'vip', lead.attrs.vip || 'no');
         if (lead.attrs.vip === '1') return { operatorId: senior.id };`,
      );
      const vips = [await waitingLead(w, 'Vip1', { attrs: { vip: '1' } }), await waitingLead(w, 'Vip2', { attrs: { vip: '1' } })];
      for (const v of vips) await expect.poll(() => assigneeOf(v)).toBe(w.op2.id);
      // Pavel has two now: the rule gives an ordinary lead to Olga, the least loaded.
      const plain = await waitingLead(w, 'Plain');
      await expect.poll(() => assigneeOf(plain)).toBe(w.op1.id);
      expect(await logOf(w, (await dialogOf(plain)).id)).toEqual(['log: lead Plain vip no']);
    });

    it('falls back to the built-in rule when the script fails, overruns or answers nonsense, and says why in the routing log', async () => {
      const w = await world();
      for (const [code, why] of [
        ['throw new Error("CRM is down")', /^error: Error: CRM is down \(line 1.*\); the built-in rule decides$/],
        ['while (true) {}', /^error: timeout: .*; the built-in rule decides$/],
        ['return { operator: 1 }', /^error: the script answered \{"operator":1\}: expected .*; the built-in rule decides$/],
      ] as const) {
        await script(w, code);
        const lead = await waitingLead(w, `Fails ${code}`);
        await expect.poll(() => assigneeOf(lead)).not.toBeNull();
        expect((await logOf(w, (await dialogOf(lead)).id)).join('\n')).toMatch(why);
        expect((await call(app, 'POST', `/api/v1/dialogs/${(await dialogOf(lead)).id}/close`, w.as.admin)).status).toBe(200);
      }
    });

    it('never puts an operator over their limit: a full operator chosen by the script is refused and the rule decides', async () => {
      const w = await world();
      await call(app, 'PATCH', `/api/v1/users/${w.op2.id}`, w.as.admin, { maxDialogs: 1 });
      await script(w, `return { operatorId: routing.operators().find((o) => o.name === 'Pavel').id };`);
      const first = await waitingLead(w, 'First');
      await expect.poll(() => assigneeOf(first)).toBe(w.op2.id);
      const second = await waitingLead(w, 'Second');
      await expect.poll(() => assigneeOf(second)).toBe(w.op1.id);
      expect(await logOf(w, (await dialogOf(second)).id)).toEqual([
        `warn: the script chose operator ${w.op2.id}, who is at their limit; the built-in rule decides`,
      ]);
    });

    it("moves a dialog to the department the script names, where that department's operator gets it", async () => {
      const w = await world();
      await buildDepartment(rt.ctx.db, { businessId: w.business.id, code: 'wholesale', userIds: [w.op2.id] });
      await script(w, `if (routing.lead().attrs.volume === 'big' && routing.dialog().departmentCode !== 'wholesale') return { departmentCode: 'wholesale' };`);
      const lead = await waitingLead(w, 'Big buyer', { attrs: { volume: 'big' } });
      await expect.poll(() => assigneeOf(lead)).toBe(w.op2.id);
      expect((await dialogOf(lead)).department_id).not.toBeNull();
      const unknown = await world();
      await script(unknown, `return { departmentCode: 'nowhere' };`);
      const lost = await waitingLead(unknown, 'Lost');
      await expect.poll(() => assigneeOf(lost)).not.toBeNull();
      expect((await logOf(unknown, (await dialogOf(lost)).id)).join('\n')).toMatch(/asked for department "nowhere": .*; the built-in rule decides/);
    });

    it('creates a ticket in a CRM over http and keeps the dialog waiting for someone there, asked once', async () => {
      const w = await world({ autoAssign: true, scriptHttpAllowPrivate: true });
      await script(
        w,
        `const r = http.post(${JSON.stringify(crm.url)} + '/tickets', { dialog: routing.dialog().id, name: routing.lead().name });
         console.log('ticket status', r.status);
         return { wait: true };`,
      );
      const before = crm.receipts.length;
      const lead = await waitingLead(w, 'Ticket');
      await expect.poll(() => crm.receipts.length).toBe(before + 1);
      await drainer.idle();
      const d = await dialogOf(lead);
      expect(d).toMatchObject({ state: 'waiting', route_held: 1 });
      expect(JSON.parse(crm.receipts.at(-1)!.body)).toEqual({ dialog: d.id, name: 'Ticket' });
      // Capacity appearing does not ask the script again about a dialog it holds.
      await call(app, 'PATCH', `/api/v1/users/${w.op1.id}`, w.as.admin, { maxDialogs: 9 });
      await drainer.drain(w.business.id);
      expect(crm.receipts.length).toBe(before + 1);
      expect(await logOf(w, d.id)).toEqual([
        'info: the script keeps the dialog waiting: it is not asked again until the dialog waits anew',
        'log: ticket status 201',
      ]);
      // Someone in the CRM assigns it through the API.
      expect((await call(app, 'POST', `/api/v1/dialogs/${d.id}/assign`, w.as.admin, { operatorId: w.op1.id })).status).toBe(200);
      expect(await assigneeOf(lead)).toBe(w.op1.id);
    });
  });

  describe('only operators with the workspace open', () => {
    it('gives dialogs only to an operator whose workspace is open, and drains to them when they open it', async () => {
      const w = await world({ autoAssign: true, autoAssignWorkspaceOnly: true });
      await call(app, 'PUT', `/api/v1/users/${w.op2.id}/status`, w.as.admin, { status: 'offline' });
      const lead = await waitingLead(w, 'Needs a screen');
      await drainer.drain(w.business.id);
      // Olga is Online but has no workspace open.
      expect((await dialogOf(lead)).state).toBe('waiting');
      const s = await buildSession(rt.ctx.db, { userId: w.op1.id, businessId: w.business.id });
      sockets.push(await TestClient.open(ws, { cookie: s.cookie }));
      await expect.poll(() => assigneeOf(lead)).toBe(w.op1.id);
      // Closed again: the next dialog waits.
      await sockets.pop()!.close();
      await expect
        .poll(async () => (await rt.ctx.db.selectFrom('workspace_presence').select('user_id').where('user_id', '=', w.op1.id).execute()).length)
        .toBe(0);
      const next = await waitingLead(w, 'After closing');
      await drainer.drain(w.business.id);
      expect((await dialogOf(next)).state).toBe('waiting');
    });
  });

  describe("the bot's lead.assignDialogToNextOperator()", () => {
    /** The bot's transfer script is the one line. */
    async function transferScriptWithTheLine(w: World) {
      await buildScript(rt.ctx.db, {
        businessId: w.business.id,
        botId: w.bot.id,
        code: 'transfer_to_operator',
        type: 'system',
        commands: [{ type: 'run_js', code: 'lead.assignDialogToNextOperator();' }],
      });
      await setBotScripts(rt.ctx.db, w.bot.id, { transfer: 'transfer_to_operator' });
    }

    it('keeps the dialog in the queue where distribution is off: it goes to the first operator who comes Online', async () => {
      const w = await world({ autoAssign: false });
      await transferScriptWithTheLine(w);
      for (const op of [w.op1, w.op2]) await call(app, 'PUT', `/api/v1/users/${op.id}/status`, w.as.admin, { status: 'offline' });
      const lead = await waitingLead(w, 'Asked by the bot');
      await worker.runOnce();
      await drainer.idle();
      expect(await dialogOf(lead)).toMatchObject({ state: 'waiting', auto_route: 1 });
      // An ordinary waiting dialog (no JS line) is not distributed: the business has it off.
      await setBotScripts(rt.ctx.db, w.bot.id, { transfer: null });
      const manual = await waitingLead(w, 'Manual');
      expect((await call(app, 'PUT', '/api/v1/me/status', w.as.pavel, { status: 'online' })).status).toBe(200);
      await expect.poll(() => assigneeOf(lead)).toBe(w.op2.id);
      await drainer.idle();
      expect((await dialogOf(manual)).state).toBe('waiting');
    });

    it("defers to the business's routing script when there is one", async () => {
      const w = await world({ autoAssign: false });
      await transferScriptWithTheLine(w);
      await script(w, `return { operatorId: routing.operators().find((o) => o.name === 'Pavel').id };`);
      for (let i = 0; i < 2; i++) {
        const lead = await waitingLead(w, `Scripted ${i}`);
        await worker.runOnce();
        await expect.poll(() => assigneeOf(lead)).toBe(w.op2.id);
      }
    });
  });
});
