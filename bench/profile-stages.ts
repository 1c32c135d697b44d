// Where a server's CPU goes, per stage of the hot path, from a V8 CPU profile (`--cpu-prof`).
// Each sample is charged to the innermost frame on its stack that names a stage (our modules first,
// then the libraries that do that stage's work), so Kysely running the event log's insert counts
// as "event", and Kysely running the lead's update as "transaction". Stacks are synchronous only:
// a continuation after an `await` is charged by the frames it has, which is why libraries name a
// stage too.
//   tsx bench/profile-stages.ts <file.cpuprofile> [--messages N]
import fs from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export const STAGES = [
  'parse',
  'authenticate',
  'validate',
  'transaction',
  'event',
  'fan-out',
  'respond',
  'framework',
  'metrics+logs',
  'gc',
  'startup',
  'other',
] as const;
export type Stage = (typeof STAGES)[number];

// Frames are tried from the leaf up: the innermost frame that a specific rule names decides (our
// modules, and libraries that only do one stage's work); failing that, the innermost frame of a
// library that serves several stages (Kysely, Fastify, Node's HTTP) decides.
const SPECIFIC: [Stage, (f: CallFrame) => boolean][] = [
  ['gc', (f) => f.functionName === '(garbage collector)'],
  ['startup', (f) => /node:internal\/modules|tsx\/dist|cjs-module-lexer|node:internal\/bootstrap/.test(f.url) || f.functionName === 'compileSourceTextModule'],
  ['fan-out', (f) => /server\/realtime\/(hub|subscriber|coalesce|backlog)\.ts|node_modules\/ws\//.test(f.url)],
  ['event', (f) => /server\/realtime\/(event-log\.repo|report-|events\.ts|bus\/)/.test(f.url)],
  ['authenticate', (f) => /server\/http\/auth|server\/accounts\//.test(f.url)],
  ['metrics+logs', (f) => /prom-client|node_modules\/pino|server\/monitor\//.test(f.url)],
  ['validate', (f) => /node_modules\/zod\/|fastify\/lib\/validation|fastify-type-provider-zod/.test(f.url)],
  ['parse', (f) => /secure-json-parse|fastify\/lib\/content-type-parser/.test(f.url) || f.functionName.startsWith('parserOn')],
  ['respond', (f) => /fastify\/lib\/(reply|error-serializer)|fast-json-stringify/.test(f.url)],
  ['transaction', (f) => /server\/(dialogs|leads|channels|bots|attachments|realtime\/commit|realtime\/run)/.test(f.url)],
];
const GENERAL: [Stage, (f: CallFrame) => boolean][] = [
  ['transaction', (f) => /node_modules\/(kysely|better-sqlite3|pg|pg-pool)\/|server\/storage\//.test(f.url)],
  ['respond', (f) => /node:_http_outgoing/.test(f.url)],
  ['parse', (f) => /node:_http_server|node:_http_common|node:_http_incoming/.test(f.url)],
  ['framework', (f) => /node_modules\/(fastify|find-my-way|avvio|@fastify)\/|server\/http\//.test(f.url)],
];

/** The stage of every node of the profile's call tree. */
export function stageOfNodes(profile: CpuProfile): Map<number, Stage> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const innermost = (id: number, rules: typeof SPECIFIC): Stage | undefined => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const hit = rules.find(([, test]) => test(byId.get(at!)!.callFrame));
      if (hit) return hit[0];
    }
    return undefined;
  };
  return new Map(profile.nodes.map((n) => [n.id, innermost(n.id, SPECIFIC) ?? innermost(n.id, GENERAL) ?? 'other']));
}

/** Milliseconds of busy (non-idle) samples per stage. */
export function stagesOf(profile: CpuProfile): Record<Stage, number> {
  const stage = stageOfNodes(profile);
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  const ms = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  profile.samples.forEach((id, i) => {
    if (!idle.has(id)) ms[stage.get(id) ?? 'other'] += (profile.timeDeltas[i] ?? 0) / 1000;
  });
  return ms;
}

/** Per-stage microseconds per message, and the share of the busy time after start-up (loading modules). */
export function stageReport(profile: CpuProfile, messages: number): Record<string, { us_per_msg: number; share: number }> {
  const ms = stagesOf(profile);
  const busy = Object.values(ms).reduce((a, b) => a + b, 0) - ms.startup;
  return Object.fromEntries(
    STAGES.filter((s) => ms[s] > 0).map((s) => [s, { us_per_msg: +((ms[s] * 1000) / messages).toFixed(1), share: +(ms[s] / busy).toFixed(3) }]),
  );
}

/** The main thread's profile among the files `--cpu-prof-dir` wrote (the largest one). */
export function mainThreadProfile(dir: string): CpuProfile {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => `${dir}/${f}`);
  const main = files.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
  if (!main) throw new Error(`no .cpuprofile in ${dir}`);
  return JSON.parse(fs.readFileSync(main, 'utf8')) as CpuProfile;
}

if (process.argv[1]?.endsWith('profile-stages.ts')) {
  const [file] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const i = process.argv.indexOf('--messages');
  const messages = i > 0 ? Number(process.argv[i + 1]) : 1;
  if (!file) throw new Error('usage: tsx bench/profile-stages.ts <file.cpuprofile|dir> [--messages N]');
  const profile = fs.statSync(file).isDirectory() ? mainThreadProfile(file) : (JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile);
  process.stdout.write(`${JSON.stringify(stageReport(profile, messages))}\n`);
}
