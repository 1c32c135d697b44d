// Server CPU per inbound API-channel message, in one process and without sockets: the steady measure
// of our own code on the hot path (routing, auth, validation, the transaction, the event log, the hub's
// encoding), unaffected by a load generator sharing the cores. Complements bench:e2e's latencies.
//   npm run bench:inbound-cpu -- --messages 20000 [--state waiting|bot] [--concurrency 1]
// prints one JSON line: messages, cpu_us_per_msg (user + system), wall_us_per_msg, gc_ms, and the
// p50/p99/max of one request's service time.
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildApp } from '../server/app';
import { sqliteMetrics } from '../server/storage/sqlite/metrics';
import { buildApiToken, buildBot, buildBusiness, buildChannel, UNLIMITED_TOKENS } from '../test/factories';
import { testRuntime } from '../test/harness';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '20000' },
    leads: { type: 'string', default: '500' },
    state: { type: 'string', default: 'waiting' },
    /** Requests in flight at once (each lead's messages stay in order): above 1, what a busy server does per message. */
    concurrency: { type: 'string', default: '1' },
  },
});
const messages = Number(values.messages);
const leads = Number(values.leads);
const concurrency = Number(values.concurrency);

const counter = async (c: { get(): Promise<{ values: { value: number }[] }> }) => (await c.get()).values[0]?.value ?? 0;

async function main(): Promise<void> {
  const rt = await testRuntime('sqlite');
  const app = await buildApp(rt.ctx);
  await app.ready();
  try {
    const { channelId, token } = await rt.ctx.db.transaction().execute(async (tx) => {
      const business = await buildBusiness(tx, { name: 'Bench', settings: UNLIMITED_TOKENS });
      const bot = await buildBot(tx, { businessId: business.id });
      const channel = await buildChannel(tx, { businessId: business.id, botId: bot.id });
      return { channelId: channel.id, token: (await buildApiToken(tx, { businessId: business.id, roles: ['admin'] })).secret };
    });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const post = async (messengerId: string, clientMessageId: string, text: string) => {
      const r = await app.inject({
        method: 'POST',
        url: `/api/v1/channels/${channelId}/inbound`,
        headers,
        payload: { lead: { messengerId }, message: { clientMessageId, text } },
      });
      if (r.statusCode !== 200) throw new Error(`inbound answered ${r.statusCode}: ${r.body}`);
      return r.json<{ leadId: number }>();
    };
    for (let i = 0; i < leads; i++) {
      const { leadId } = await post(`lead-${i}`, `pre-${i}`, 'hello');
      if (values.state === 'waiting') {
        await app.inject({ method: 'POST', url: `/api/v1/leads/${leadId}/transfer-to-operators`, headers, payload: {} });
      }
    }
    // Warm-up: the statement cache, V8's optimizer.
    for (let i = 0; i < 2000; i++) await post(`lead-${i % leads}`, `w-${i}`, `warm ${i}`);

    let gcMs = 0;
    const gc = new PerformanceObserver((l) => {
      for (const e of l.getEntries()) gcMs += e.duration;
    });
    gc.observe({ entryTypes: ['gc'] });
    const commits0 = await counter(sqliteMetrics.commits);
    const transactions0 = await counter(sqliteMetrics.transactions);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const took: number[] = [];
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < messages) {
        const i = next++;
        const t = performance.now();
        await post(`lead-${i % leads}`, `m-${i}`, `hello operator ${i}`);
        took.push(performance.now() - t);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
    took.sort((a, b) => a - b);
    const q = (p: number) => +(took[Math.min(took.length - 1, Math.floor(p * took.length))] ?? NaN).toFixed(2);
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    gc.disconnect();
    process.stdout.write(
      `${JSON.stringify({
        state: values.state,
        messages,
        concurrency,
        cpu_us_per_msg: +((cpu.user + cpu.system) / messages).toFixed(1),
        wall_us_per_msg: +((wall * 1000) / messages).toFixed(1),
        gc_ms: +gcMs.toFixed(0),
        // Transactions that shared one SQLite commit (group commit), on average.
        transactions_per_commit: +(((await counter(sqliteMetrics.transactions)) - transactions0) / ((await counter(sqliteMetrics.commits)) - commits0)).toFixed(
          2,
        ),
        // With one request at a time these are service times (no queueing): stalls show in p99 and max.
        p50_ms: q(0.5),
        p99_ms: q(0.99),
        max_ms: q(1),
      })}\n`,
    );
  } finally {
    await app.close();
    await rt.dispose();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:inbound-cpu failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
