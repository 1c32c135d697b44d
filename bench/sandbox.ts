// The JavaScript sandbox's costs. Prints one JSON line.
//   npm run bench:sandbox -- [--runs 2000] [--cold 50]
// warm:  a run on an already-created Sandbox (a worker thread; each run still gets a fresh QuickJS
//        runtime + context + host API): a condition and a lead.setAttr call; also a bare condition, an
//        awaited async host call and the same call without await (host calls are synchronous inside).
//        Timed from the main thread: posting the run to the worker, its host calls (each a round trip
//        to the main thread) and the answer are included. Module replacements happen inside this window.
// fresh: a QuickJS runtime + context alone, on an existing module (the fixed part of every run).
// cold:  a new WASM module instance (the WASM binary is compiled once per process), and Sandbox.create.
import { parseArgs } from 'node:util';
import { newModule } from '../server/scripting/sandbox.engine';
import { INTRINSICS } from '../server/scripting/sandbox.run';
import { Sandbox, type HostApi, type Json } from '../server/scripting/sandbox';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '2000' }, cold: { type: 'string', default: '50' } } });
const RUNS = Number(values.runs);
const COLD = Number(values.cold);

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => Number(s[Math.min(s.length - 1, Math.floor(s.length * p))]!.toFixed(3));
  return { p50: at(0.5), p99: at(0.99), max: Number(s[s.length - 1]!.toFixed(3)), n: s.length };
}

async function time(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

const attrs: Record<string, Json> = { city: 'Moscow' };
const api: HostApi = {
  lead: {
    getAttr: (name) => attrs[String(name)] ?? null,
    setAttr: (name, value) => void (attrs[String(name)] = value ?? null),
  },
  bot: { findLeads: async () => [{ id: 1 }] },
};

const sandbox = await Sandbox.create({ workers: 1 });
const script = "if (lead.getAttr('city') === 'Moscow') lead.setAttr('segment', 'capital');";
const check = async (code: string, kind: 'expression' | 'script') => {
  const r = await sandbox.run({ code, kind, api, businessId: 1 });
  if (!r.ok) throw new Error(`bench run failed: ${JSON.stringify(r.error)}`);
};
// Warm-up: V8 compiles the WASM module in tiers; measure the steady state.
await time(500, () => check(script, 'script'));

const warmScript = stats(await time(RUNS, () => check(script, 'script')));
const warmExpression = stats(await time(RUNS, () => check("lead.getAttr('city') === 'Moscow'", 'expression')));
const warmAsyncHost = stats(await time(RUNS, () => check('return (await bot.findLeads()).length', 'script')));
const warmSyncHost = stats(await time(RUNS, () => check('return bot.findLeads().length', 'script')));

// Left unfreed like the sandbox's own runtimes (see sandbox.run.ts); one module holds 1,000 of them easily.
const arena = await newModule();
const freshRuntime = stats(await time(Math.min(RUNS, 1000), async () => void arena.newRuntime().newContext({ intrinsics: INTRINSICS })));
const coldModule = stats(await time(COLD, () => newModule()));
const created: Sandbox[] = [];
// One worker each: starting a worker thread (under tsx here, which compiles the worker's TypeScript) and its modules.
const coldSandbox = stats(await time(Math.min(COLD, 20), async () => void created.push(await Sandbox.create({ workers: 1 }))));
for (const s of [sandbox, ...created]) s.dispose();

console.log(
  JSON.stringify({
    bench: 'sandbox',
    node: process.version,
    warm: { script: warmScript, expression: warmExpression, asyncHostCall: warmAsyncHost, asyncHostCallWithoutAwait: warmSyncHost },
    fresh: { runtimeAndContext: freshRuntime },
    cold: { wasmModule: coldModule, sandboxCreate: coldSandbox },
    rssMb: Math.round(process.memoryUsage().rss / 1024 / 1024),
  }),
);
