import { afterEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app';
import { dialects, type TestRuntime } from '../../test/harness';
import { call, httpWorld, leadSays, signedInWith, strangerWorld, type Answer } from '../../test/world';
import { createBreachWatcher } from '../dialogs/index';
import { rebuildDialogSummaries } from '../realtime/index';
import type { App } from '../http/app-type';

// Reports from the event log, checked for exactness: a scripted day with known waits, answers, missed
// targets and status changes on a test clock gives exactly these figures, in JSON and in CSV.
describe.each(await dialects())('reports on %s', (dialect) => {
  let rt: TestRuntime;
  let app: App;
  useTestApp(dialect, (r) => ({ rt, app } = r));
  afterEach(() => {
    rt.ctx.clock = Date.now;
  });

  // Monday 2 November 2026, 10:00 in Moscow (07:00 UTC).
  const T0 = Date.UTC(2026, 10, 2, 7, 0, 0);
  const S = 1000;

  it('gives the exact figures of a scripted day, by department and operator, in JSON and CSV', async () => {
    const w = await httpWorld(rt.ctx.db);
    let now = T0 - 60 * S;
    rt.ctx.clock = () => now;
    const at = (sec: number) => {
      now = T0 + sec * S;
    };
    const watcher = createBreachWatcher({ ...rt.ctx, clock: () => now }, { sweepMs: 3_600_000 });
    try {
      const ok = async (r: Promise<{ status: number; body: Answer | null }>) => {
        const a = await r;
        expect([200, 201], JSON.stringify(a.body)).toContain(a.status);
        return a.body!;
      };
      await ok(
        call(app, 'PATCH', '/api/v1/business', w.as.admin, {
          settings: { firstResponseTargetSec: 60, nextResponseTargetSec: 120, abandonAfterSec: 300, timeZone: 'Europe/Moscow' },
        }),
      );
      const support = (await ok(call(app, 'POST', '/api/v1/departments', w.as.admin, { code: 'support', name: 'Support' }))).department;
      await ok(call(app, 'PATCH', `/api/v1/departments/${support.id}`, w.as.admin, { firstResponseTargetSec: 30 }));
      await ok(call(app, 'PATCH', `/api/v1/users/${w.op2.id}`, w.as.admin, { departmentIds: [support.id] }));
      const leads: Record<string, number> = {};
      for (const name of ['A', 'B', 'C', 'D']) leads[name] = (await leadSays(app, w, `lead-${name}`, 'hello', name)).leadId;
      const transfer = (lead: string, departmentCode?: string) =>
        ok(call(app, 'POST', `/api/v1/leads/${leads[lead]}/transfer-to-operators`, w.as.bot, departmentCode ? { departmentCode } : {}));
      const dialogOf = async (lead: string) => ((await ok(call(app, 'GET', `/api/v1/leads/${leads[lead]}/dialogs`, w.as.admin))).dialogs as Answer[])[0]!.id;
      const write = (lead: string, who: Record<string, string>, text: string) =>
        ok(call(app, 'POST', `/api/v1/leads/${leads[lead]}/messages`, who, { text, clientMessageId: `m-${lead}-${now}` }));

      at(0);
      await transfer('A'); // no department: first response within 60 s
      at(10);
      await transfer('B', 'support'); // Support: within 30 s
      at(20);
      await transfer('C');
      at(30);
      await leadSays(app, w, 'lead-C', 'anyone?');
      await transfer('D');
      at(20);
      const [a, b, c, d] = await Promise.all(['A', 'B', 'C', 'D'].map(dialogOf));
      at(20);
      await ok(call(app, 'POST', `/api/v1/dialogs/${a}/take`, w.as.olga));
      at(40);
      await ok(call(app, 'POST', `/api/v1/dialogs/${b}/take`, w.as.pavel));
      at(45);
      expect(await watcher.check(w.business.id)).toBe(1); // B: 30 s passed unanswered
      at(50);
      await write('A', w.as.olga, 'Hi, I am Olga'); // A answered in 50 s
      at(70);
      await write('B', w.as.pavel, 'Pavel here'); // B answered in 60 s: late
      at(100);
      await leadSays(app, w, 'lead-A', 'one more question'); // next answer due at 220
      await ok(call(app, 'POST', `/api/v1/dialogs/${c}/close`, w.as.admin)); // C ended unanswered: abandoned
      at(230);
      expect(await watcher.check(w.business.id)).toBe(2); // A's next answer and D's first
      const breachedRow = (await ok(call(app, 'GET', `/api/v1/leads/${leads.D}/dialogs`, w.as.admin))).dialogs as Answer[];
      expect(breachedRow[0]!.breached).toEqual(['first_response']);
      at(240);
      await write('A', w.as.olga, 'Here it is');
      at(300);
      await ok(call(app, 'POST', `/api/v1/dialogs/${a}/close`, w.as.olga)); // resolved in 300 s
      at(400);
      await ok(call(app, 'POST', `/api/v1/dialogs/${b}/return-to-bot`, w.as.pavel, {}));
      await ok(call(app, 'POST', `/api/v1/dialogs/${d}/take`, w.as.olga)); // D waited 370 s
      at(410);
      await write('D', w.as.olga, 'Sorry for the wait'); // the lead had been silent 380 s: abandoned
      at(600);
      await ok(call(app, 'PUT', '/api/v1/me/status', w.as.olga, { status: 'offline' }));
      at(1000);

      // The per-dialog summaries kept fact by fact are exactly what the facts recompute to.
      const summaries = () => rt.ctx.db.selectFrom('report_dialogs').selectAll().where('business_id', '=', w.business.id).orderBy('dialog_id').execute();
      const kept = await summaries();
      expect(kept).toHaveLength(4);
      expect(await rebuildDialogSummaries(rt.ctx.db, w.business.id)).toBe(4);
      expect(await summaries()).toEqual(kept);

      const report = (await ok(call(app, 'GET', '/api/v1/reports?from=2026-11-02&to=2026-11-02', w.as.admin))).report;
      const dayStart = T0 - 10 * 3600 * S;
      expect(report.period).toEqual({ from: dayStart, to: dayStart + 86_400 * S, timeZone: 'Europe/Moscow' });
      const stats = (count: number, p50: number | null, p90: number | null, max: number | null) => ({
        count,
        p50Ms: p50 === null ? null : p50 * S,
        p90Ms: p90 === null ? null : p90 * S,
        maxMs: max === null ? null : max * S,
      });
      expect(report.totals).toEqual({
        transferred: 4,
        taken: 3,
        closed: 2,
        returnedToBot: 1,
        waitingNow: 0,
        abandoned: 2,
        wait: stats(3, 30, 370, 370),
        firstResponse: stats(3, 60, 380, 380),
        resolution: stats(2, 80, 300, 300),
        serviceLevel: { measured: 4, withinTarget: 1, share: 0.25 },
        breaches: { firstResponse: 2, nextResponse: 1 },
        csat: { count: 0, average: null, counts: [0, 0, 0, 0, 0] },
      });
      const byDept = Object.fromEntries((report.byDepartment as Answer[]).map((g) => [g.key ?? 'none', g.figures]));
      expect(byDept[support.id]).toMatchObject({
        transferred: 1,
        taken: 1,
        returnedToBot: 1,
        firstResponse: stats(1, 60, 60, 60),
        breaches: { firstResponse: 1, nextResponse: 0 },
      });
      expect(byDept.none).toMatchObject({ transferred: 3, abandoned: 2, serviceLevel: { measured: 3, withinTarget: 1 } });
      const ops = Object.fromEntries((report.byOperator as Answer[]).map((o) => [o.name, o]));
      expect(ops.Olga).toMatchObject({
        assigned: 2,
        closed: 1,
        returnedToBot: 0,
        firstResponse: stats(2, 50, 380, 380),
        breaches: 1,
        // Online from the day's start (her first change is to Offline) until 10:10, then Offline.
        onlineMs: (10 * 3600 + 600) * S,
        offlineMs: 400 * S,
      });
      expect(ops.Pavel).toMatchObject({ assigned: 1, closed: 0, returnedToBot: 1, firstResponse: stats(1, 60, 60, 60), breaches: 1 });
      expect(ops.Admin).toMatchObject({ closed: 1 });
      expect(report.load.byHour[10]).toBe(4);
      expect(report.load.byHour.reduce((x: number, y: number) => x + y, 0)).toBe(4);
      expect(report.load.byWeekday).toEqual([4, 0, 0, 0, 0, 0, 0]);

      // A filter keeps the dialogs of that department only.
      const onlySupport = (await ok(call(app, 'GET', `/api/v1/reports?from=2026-11-02&to=2026-11-02&departmentId=${support.id}`, w.as.admin))).report;
      expect(onlySupport.totals.transferred).toBe(1);

      // The same figures as CSV (durations in seconds), with Russian headers when asked.
      const csv = await app.inject({ method: 'GET', url: '/api/v1/reports/csv?from=2026-11-02&to=2026-11-02', headers: w.as.admin });
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      const lines = csv.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[1]).toBe('total,,4,3,2,1,0,2,30,370,370,60,380,380,80,300,300,4,1,25,2,1,0,');
      expect(lines).toContain('department,Support,1,1,0,1,0,0,30,30,30,60,60,60,,,,1,0,0,1,0,0,');
      const ru = await app.inject({ method: 'GET', url: '/api/v1/reports/csv?from=2026-11-02&to=2026-11-02&table=operators&lang=ru', headers: w.as.admin });
      expect(ru.body.split('\r\n')[0]).toContain('оператор');
      expect(ru.body).toContain('Olga,2,1,0,50,380,380,1,0,,10.17,0.11');
    } finally {
      await watcher.stop();
    }
  });

  it('refuses a period that ends before it begins or spans more than a year, and people without the role', async () => {
    const w = await httpWorld(rt.ctx.db);
    const backwards = await call(app, 'GET', '/api/v1/reports?from=2026-11-05&to=2026-11-01', w.as.admin);
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.body)).toContain('ends before it begins');
    expect((await call(app, 'GET', '/api/v1/reports?from=2024-01-01&to=2026-11-01', w.as.admin)).status).toBe(400);
    expect((await call(app, 'GET', '/api/v1/reports?from=yesterday&to=2026-11-01', w.as.admin)).status).toBe(400);
    expect((await call(app, 'GET', '/api/v1/reports?from=2026-11-01&to=2026-11-01', w.as.olga)).status).toBe(403);
    const viewer = await signedInWith(rt.ctx.db, w.business.id, ['viewer']);
    expect((await call(app, 'GET', '/api/v1/reports?from=2026-11-01&to=2026-11-01', viewer)).status).toBe(200);
  });

  it("never counts another business's dialogs", async () => {
    const w = await httpWorld(rt.ctx.db);
    const other = await strangerWorld(rt.ctx.db);
    const { leadId } = await leadSays(app, w, 'mine', 'hi');
    expect((await call(app, 'POST', `/api/v1/leads/${leadId}/transfer-to-operators`, w.as.bot, {})).status).toBe(200);
    const day = new Date().toISOString().slice(0, 10);
    const theirs = (await call(app, 'GET', `/api/v1/reports?from=${day}&to=${day}`, other.headers)).body!.report;
    expect(theirs.totals.transferred).toBe(0);
    const mine = (await call(app, 'GET', `/api/v1/reports?from=${day}&to=${day}`, w.as.admin)).body!.report;
    expect(mine.totals.transferred).toBe(1);
  });
});
