// The routing simulator at the size of a busy day: 10,000 dialogs and 100 operators, in one process.
//   npm run bench:simulator -- [--dialogs 10000] [--operators 100] [--dialect sqlite|postgres]
// Replays the business's own history of a day (read from the database: every dialog that waited, its
// lead's attributes and tags), simulates a generated day with the built-in rule, and the same day with
// a routing script run in the sandbox for every decision. Prints one JSON line (wall ms of each).
import { parseArgs } from 'node:util';
import { runSimulation } from '../server/routing/simulation';
import { buildBot, buildBusiness, buildChannel } from '../test/factories';
import { testRuntime, type Dialect } from '../test/harness';
import { seedOperators } from './seed-operators';

const { values } = parseArgs({
  options: {
    dialogs: { type: 'string', default: '10000' },
    operators: { type: 'string', default: '100' },
    dialect: { type: 'string', default: 'sqlite' },
  },
});
const dialogs = Number(values.dialogs);
const operators = Number(values.operators);
const DAY = 86_400_000;

async function main(): Promise<void> {
  const rt = await testRuntime(values.dialect as Dialect);
  try {
    const db = rt.ctx.db;
    const dayStart = Date.UTC(2026, 10, 2);
    // Yesterday, as it happened: arrivals over the day (busier in the afternoon), each taken after a
    // wait, answered, worked and closed; one lead in ten a VIP.
    const businessId = await db.transaction().execute(async (tx) => {
      const business = await buildBusiness(tx, { name: 'Simulator bench' });
      const bot = await buildBot(tx, { businessId: business.id });
      const channel = await buildChannel(tx, { businessId: business.id, botId: bot.id });
      const ids = await seedOperators(tx, business.id, operators, { maxDialogs: 3, at: dayStart });
      for (let i = 0; i < dialogs; i++) {
        const at = dayStart + Math.floor(DAY * Math.sqrt(i / dialogs));
        const lead = await tx
          .insertInto('leads')
          .values({
            business_id: business.id,
            bot_id: bot.id,
            channel_id: channel.id,
            messenger_id: `lead-${i}`,
            name: `Lead ${i}`,
            language: 'ru',
            state: 'closed',
            unread_count: 0,
            is_forwarded: 1,
            created_at: at,
            last_activity_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const assigned = at + 5_000 + (i % 60) * 1_000;
        await tx
          .insertInto('dialogs')
          .values({
            business_id: business.id,
            lead_id: lead.id,
            state: 'closed',
            department_id: null,
            assignee_id: ids[i % operators]!,
            created_at: at,
            waiting_since: at,
            assigned_at: assigned,
            first_response_at: assigned + 20_000,
            ended_at: assigned + 240_000 + (i % 7) * 60_000,
            end_reason: 'closed',
          })
          .execute();
        if (i % 10 === 0) await tx.insertInto('lead_attributes').values({ lead_id: lead.id, name: 'vip', value: '1' }).execute();
      }
      return business.id;
    });
    const actor = { kind: 'system' as const, businessId, reason: 'router' as const };
    const generated = {
      kind: 'generated' as const,
      days: 1,
      startDate: '2026-11-02',
      // 10,000 a day, shaped like a working day.
      arrivalsPerHour: [50, 30, 20, 20, 30, 80, 200, 400, 650, 750, 800, 800, 750, 750, 800, 800, 750, 650, 550, 450, 350, 250, 150, 100],
      handlingSec: { mean: 300, min: 60 },
      firstResponseSec: { mean: 20 },
      leads: { vipShare: 0.1, returningShare: 0 },
      patienceSec: null,
    };
    const vip = `const lead = routing.lead();
      if (lead.attrs.vip !== '1') return null;
      const free = routing.operators({ available: true });
      free.sort((a, b) => a.openDialogs - b.openDialogs);
      return free.length ? { operatorId: free[0].id } : null;`;
    const timed = async (body: Parameters<typeof runSimulation>[2]) => {
      const t = performance.now();
      const r = await runSimulation(rt.ctx, actor, body);
      return {
        wall_ms: Math.round(performance.now() - t),
        simulate_ms: r.report.wallMs,
        dialogs: r.report.dialogs,
        script_calls: r.report.scriptCalls,
        waiting_p90_ms: r.report.waitingMs.p90,
      };
    };
    const history = await timed({ traffic: { kind: 'history', from: dayStart, to: dayStart + DAY, patienceSec: null }, algorithm: 'builtin' });
    const builtin = await timed({ traffic: generated, seed: 1, algorithm: 'builtin' });
    const scripted = await timed({ traffic: generated, seed: 1, algorithm: 'script', code: vip });
    console.log(JSON.stringify({ dialect: values.dialect, operators, history_replay: history, generated_builtin: builtin, generated_scripted: scripted }));
  } finally {
    await rt.dispose();
  }
}

void main();
