import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/app';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { startReceiver, type Receiver } from '../../test/webhook-receiver';
import { call, httpWorld, leadSays } from '../../test/world';
import type { App } from '../http/app-type';
import { runSimulateCommand } from './simulate-command';

type World = Awaited<ReturnType<typeof httpWorld>>;

const day = (perHour: number) => ({
  kind: 'generated',
  days: 1,
  arrivalsPerHour: Array(24).fill(perHour),
  handlingSec: { mean: 600, min: 60 },
  firstResponseSec: { mean: 30 },
});

// The routing simulator through the API and the CLI: the business's operators, settings and script
// as they are, generated traffic or its own history; and nothing live changes.
describe.each(await dialects())('the routing simulator on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  let crm: Receiver;
  beforeAll(async () => {
    rt = await testRuntime(dialect);
    app = await testApp(rt);
    crm = await startReceiver(() => 201);
  });
  afterAll(async () => {
    await crm?.close();
    await app?.close();
    await rt?.dispose();
  });
  const simulate = (w: World, body: unknown) => call(app, 'POST', '/api/v1/routing/simulations', w.as.admin, body);
  /** What a simulation must never change: the business's dialogs, events and messages. */
  const live = async (businessId: number) =>
    Promise.all(
      (['dialogs', 'events', 'messages'] as const).map(
        async (t) =>
          (
            await rt.ctx.db
              .selectFrom(t)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('business_id', '=', businessId)
              .executeTakeFirstOrThrow()
          ).n,
      ),
    );

  it("simulates a generated day on the business's operators: more operators, shorter waits", async () => {
    const w = await httpWorld(rt.ctx.db);
    // Three operators (the owner is one) with one dialog each against 15 dialogs an hour of 10 minutes: a queue builds.
    for (const op of [w.admin, w.op1, w.op2]) await call(app, 'PATCH', `/api/v1/users/${op.id}`, w.as.admin, { maxDialogs: 1 });
    const three = await simulate(w, { traffic: day(15), seed: 7 });
    expect(three.status).toBe(200);
    const r = three.body.report;
    expect(r.assigned + r.unassigned + r.abandoned).toBe(r.dialogs);
    expect(r.dialogs).toBeGreaterThan(100);
    expect(r.perOperator.map((o: { id: number }) => o.id).sort()).toEqual([w.admin.id, w.op1.id, w.op2.id].sort());
    expect(r.limitBreaches).toBe(0);
    expect(r.waitingMs.p90).toBeGreaterThan(0);
    // The same day with eight operators of their own.
    const eight = Array.from({ length: 8 }, (_, i) => ({ id: i + 1, name: `Op ${i}`, maxDialogs: 1, departments: [] }));
    const more = (await simulate(w, { traffic: day(15), seed: 7, operators: eight })).body.report;
    expect(more.dialogs).toBe(r.dialogs);
    expect(more.waitingMs.p90).toBeLessThan(r.waitingMs.p90);
    // Same seed, same report.
    expect((await simulate(w, { traffic: day(15), seed: 7 })).body.report).toEqual({ ...r, wallMs: expect.any(Number) });
  });

  it("replays the business's own history without changing anything live", async () => {
    const w = await httpWorld(rt.ctx.db);
    const from = Date.now() - 1000;
    for (let i = 0; i < 3; i++) {
      const { leadId } = await leadSays(app, w, `history-${i}-${Math.random()}`, 'help', `Lead ${i}`);
      expect((await call(app, 'POST', `/api/v1/leads/${leadId}/transfer-to-operators`, w.as.bot, {})).status).toBe(200);
    }
    // One of them taken and closed; an operator also starts a dialog of their own, which never waited.
    const waiting = (await call(app, 'GET', '/api/v1/inbox?tab=waiting', w.as.olga)).body.rows;
    expect(waiting).toHaveLength(3);
    const dialogId = waiting[0].dialog.id;
    expect((await call(app, 'POST', `/api/v1/dialogs/${dialogId}/take`, w.as.olga)).status).toBe(200);
    expect((await call(app, 'POST', `/api/v1/dialogs/${dialogId}/close`, w.as.olga)).status).toBe(200);
    const before = await live(w.business.id);
    const r = await simulate(w, { traffic: { kind: 'history', from, to: Date.now() + 1000 } });
    expect(r.status).toBe(200);
    expect(r.body.report).toMatchObject({ dialogs: 3, assigned: 3, unassigned: 0, limitBreaches: 0 });
    expect(await live(w.business.id)).toEqual(before);
    // A period with nothing in it, and one too long, are refused with what is wrong.
    const empty = await simulate(w, { traffic: { kind: 'history', from: 0, to: 1000 } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/no dialog waited/);
    expect((await simulate(w, { traffic: { kind: 'history', from: 0, to: 40 * 86_400_000 } })).status).toBe(400);
  });

  it('tries a routing script without reaching the CRM: its http calls are refused and counted, the rule decides', async () => {
    const w = await httpWorld(rt.ctx.db);
    expect((await call(app, 'PATCH', '/api/v1/business', w.as.admin, { settings: { scriptHttpAllowPrivate: true } })).status).toBe(200);
    const noScript = await simulate(w, { traffic: day(2), algorithm: 'script' });
    expect(noScript.status).toBe(400);
    expect(noScript.body.error.message).toMatch(/no routing script/);
    const code = `http.post(${JSON.stringify(crm.url)}, { dialog: routing.dialog().id }); return { wait: true };`;
    const r = await simulate(w, { traffic: day(2), algorithm: 'script', code, seed: 3 });
    expect(r.status).toBe(200);
    expect(crm.receipts).toHaveLength(0);
    expect(r.body.scriptFailures.count).toBe(r.body.report.scriptCalls);
    expect(r.body.scriptFailures.first[0]).toMatch(/http is not available in the routing simulator/);
    expect(r.body.report.unassigned).toBe(0);
    // A script that sends everyone to Pavel: the rule takes over when he is full.
    await call(app, 'PATCH', `/api/v1/users/${w.op2.id}`, w.as.admin, { maxDialogs: 1 });
    const pavel = `return { operatorId: ${w.op2.id} };`;
    const p = (await simulate(w, { traffic: day(4), algorithm: 'script', code: pavel, seed: 3 })).body.report;
    const load = Object.fromEntries(p.perOperator.map((o: { id: number; dialogs: number }) => [o.id, o.dialogs]));
    expect(load[w.op2.id]).toBeGreaterThan(load[w.op1.id]);
    expect(p.refusedAnswers).toBeGreaterThan(0);
    expect(p.limitBreaches).toBe(0);
    // Unparsable code is refused up front.
    expect((await simulate(w, { traffic: day(1), algorithm: 'script', code: 'return {' })).status).toBe(400);
  });

  it('is for administrators and script editors only', async () => {
    const w = await httpWorld(rt.ctx.db);
    expect((await call(app, 'POST', '/api/v1/routing/simulations', w.as.olga, { traffic: day(1) })).status).toBe(403);
  });

  it('runs from the CLI with the same request, printing the report', async () => {
    const w = await httpWorld(rt.ctx.db);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sim-')), 'request.json');
    fs.writeFileSync(file, JSON.stringify({ traffic: day(3), seed: 5 }));
    let out = '';
    await runSimulateCommand(rt.ctx, ['--business', String(w.business.id), '--request', file], (t) => (out += t));
    const printed = JSON.parse(out);
    expect(printed.report).toEqual({ ...(await simulate(w, { traffic: day(3), seed: 5 })).body.report, wallMs: expect.any(Number) });
    fs.writeFileSync(file, JSON.stringify({ traffic: { kind: 'generated', days: 0 } }));
    await expect(runSimulateCommand(rt.ctx, ['--business', String(w.business.id), '--request', file], () => undefined)).rejects.toThrow(/--request: traffic/);
  });
});
