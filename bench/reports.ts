// A report over a long history: a business whose event log holds about 1,000,000 reporting facts
// (30 days of dialogs: transfer, the lead's messages before the answer, assignment, first answer,
// missed targets, close or return, ratings; operators' status changes), and how long
// GET /api/v1/reports's work takes for the whole month, a week, and one department's month.
//   npm run bench:reports -- [--facts 1000000] [--runs 5] [--dialect sqlite|postgres]
// prints one JSON line.
import { parseArgs } from 'node:util';
import { sql, type Insertable } from 'kysely';
import type { ReportEventsTable } from '../server/storage/schema';
import { rebuildDialogSummaries } from '../server/realtime/index';
import { getReport } from '../server/reports/index';
import { buildBot, buildBusiness, buildChannel } from '../test/factories';
import { testRuntime, type Dialect } from '../test/harness';
import { seedOperators } from './seed-operators';

const { values } = parseArgs({
  options: {
    facts: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '5' },
    dialect: { type: 'string', default: 'sqlite' },
  },
});
const target = Number(values.facts);
const runs = Number(values.runs);
const DAY = 86_400_000;
const DAYS = 30;

/** A fixed pseudo-random sequence, so every run seeds the same history. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function main(): Promise<void> {
  const rt = await testRuntime(values.dialect as Dialect);
  try {
    const db = rt.ctx.db;
    const rnd = random(42);
    const start = Date.UTC(2026, 9, 1);
    const { businessId, departments, operatorIds, bots, channels } = await db.transaction().execute(async (tx) => {
      const business = await buildBusiness(tx, { name: 'Reports bench' });
      const bots = [];
      const channels = [];
      for (let i = 0; i < 3; i++) {
        const bot = await buildBot(tx, { businessId: business.id, name: `Bot ${i}` });
        bots.push(bot.id);
        channels.push((await buildChannel(tx, { businessId: business.id, botId: bot.id })).id);
      }
      const departments = [];
      for (let i = 0; i < 5; i++)
        departments.push(
          (
            await tx
              .insertInto('departments')
              .values({ business_id: business.id, code: `d${i}`, name: `Department ${i}`, created_at: start })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id,
        );
      const operatorIds = await seedOperators(tx, business.id, 100, { maxDialogs: 10, at: start });
      return { businessId: business.id, departments, operatorIds, bots, channels };
    });

    // Seeded in bulk, a day at a time: about 7 facts per dialog.
    let seq = 1;
    let facts = 0;
    let dialogId = 1;
    const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const seedStarted = performance.now();
    for (let day = 0; day < DAYS && facts < target; day++) {
      const rows: Insertable<ReportEventsTable>[] = [];
      const dayStart = start + day * DAY;
      while (rows.length < target / DAYS && facts + rows.length < target) {
        const id = dialogId++;
        const b = Math.floor(rnd() * bots.length);
        const dept = rnd() < 0.2 ? null : pick(departments);
        const op = pick(operatorIds);
        const opened = dayStart + Math.floor(rnd() * DAY);
        const base = { business_id: businessId, dialog_id: id, bot_id: bots[b]!, channel_id: channels[b]!, department_id: dept, opened_at: opened };
        const fact = (at: number, kind: string, operatorId: number | null, value: number | null) =>
          rows.push({ ...base, seq: seq++, at, kind, operator_id: operatorId, value });
        fact(opened, 'opened', null, 60);
        const leadMessages = Math.floor(rnd() * 3);
        for (let m = 0; m < leadMessages; m++) fact(opened + Math.floor(rnd() * 30_000), 'lead_message', null, null);
        if (rnd() < 0.1) {
          fact(opened + 120_000, 'closed', op, null); // ended unanswered
          continue;
        }
        const assigned = opened + Math.floor(rnd() * 300_000);
        fact(assigned, 'assigned', op, null);
        const responded = assigned + Math.floor(rnd() * 120_000);
        fact(responded, 'responded', op, null);
        if (responded - opened > 60_000) fact(opened + 60_000, 'breached', null, 1);
        fact(responded + Math.floor(rnd() * 3_600_000), rnd() < 0.8 ? 'closed' : 'returned', op, null);
        if (rnd() < 0.3) fact(responded + 3_700_000, 'rated', op, 1 + Math.floor(rnd() * 5));
      }
      for (const op of operatorIds.slice(0, 50)) {
        rows.push({
          business_id: businessId,
          seq: seq++,
          at: dayStart + 8 * 3_600_000,
          kind: 'status',
          dialog_id: null,
          bot_id: null,
          channel_id: null,
          department_id: null,
          operator_id: op,
          value: 1,
        });
        rows.push({
          business_id: businessId,
          seq: seq++,
          at: dayStart + 17 * 3_600_000,
          kind: 'status',
          dialog_id: null,
          bot_id: null,
          channel_id: null,
          department_id: null,
          operator_id: op,
          value: 0,
        });
      }
      await db.transaction().execute(async (tx) => {
        for (let i = 0; i < rows.length; i += 500)
          await tx
            .insertInto('report_events')
            .values(rows.slice(i, i + 500))
            .execute();
      });
      facts += rows.length;
    }
    const seedMs = performance.now() - seedStarted;
    // The per-dialog summaries reports read, recomputed from the facts as `reports:rebuild` does.
    const rebuildStarted = performance.now();
    await rebuildDialogSummaries(db, businessId);
    const rebuildMs = performance.now() - rebuildStarted;
    // Fresh statistics and visibility, as the database's own maintenance (autovacuum) would have them
    // on tables this size after a bulk load.
    for (const table of ['report_events', 'report_dialogs'])
      await sql.raw(`${values.dialect === 'postgres' ? 'vacuum analyze' : 'analyze'} ${table}`).execute(db);

    const actor = { kind: 'user' as const, businessId, userId: operatorIds[0]!, roles: ['admin' as const], name: 'Bench' };
    const now = start + DAYS * DAY;
    const time = async (q: { from: string; to: string; departmentId?: number }) => {
      const ms: number[] = [];
      let transferred = 0;
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        const r = await getReport(db, actor, q, now);
        ms.push(performance.now() - t);
        transferred = r.totals.transferred;
      }
      ms.sort((a, b) => a - b);
      return { transferred, p50Ms: Math.round(ms[Math.floor(ms.length / 2)]!), maxMs: Math.round(ms[ms.length - 1]!) };
    };
    if (process.env.DUMP) await sql.raw(`vacuum into '${process.env.DUMP}'`).execute(db);
    if (process.env.PROFILE) {
      const { dialogTableOf, breachCounts, operatorCounts, statusFacts } = await import('../server/reports/reports.repo');
      const f = { businessId, from: start, to: start + DAYS * DAY };
      for (const [name, run] of [
        ['summaries', () => dialogTableOf(db, f)],
        ['breaches', () => breachCounts(db, f)],
        ['counts', () => operatorCounts(db, f)],
        ['status', () => statusFacts(db, businessId, f.from, f.to)],
      ] as const) {
        const t = performance.now();
        await run();
        console.error(name, Math.round(performance.now() - t));
      }
    }
    const month = await time({ from: '2026-10-01', to: '2026-10-30' });
    const week = await time({ from: '2026-10-10', to: '2026-10-16' });
    const oneDepartment = await time({ from: '2026-10-01', to: '2026-10-30', departmentId: departments[0]! });
    console.log(
      JSON.stringify({
        bench: 'reports',
        dialect: values.dialect,
        facts,
        dialogs: dialogId - 1,
        seedSec: Math.round(seedMs / 100) / 10,
        rebuildSec: Math.round(rebuildMs / 100) / 10,
        runs,
        month,
        week,
        oneDepartment,
      }),
    );
  } finally {
    // KEEP=1: the seeded database stays, for profiling its queries.
    if (process.env.KEEP) {
      await rt.close();
      console.error('kept', rt.config.DATABASE_URL);
    } else await rt.dispose();
  }
}

void main();
