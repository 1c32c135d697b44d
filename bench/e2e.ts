// End-to-end latency of the hot path: an API-channel message in (HTTP, token auth, validation,
// one SQLite transaction with the event log) → realtime event out to N operator sockets.
// Same shape as ../shared/bench/floor.mjs so the two can be compared in one run:
//   npm run bench:e2e -- --rate 500 --clients 50 --seconds 10 [--warmup 5] [--tsx]
// prints one JSON line: delivered, of, p50_ms, p99_ms, max_ms (the first second warms up, not counted;
// before it, --warmup seconds of the same load, not measured: see below).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { startServer, type ServerProcess } from '../test/server-process';
import { cpuMs } from './process-stats';
import { mainThreadProfile, stageReport } from './profile-stages';
import { seedCenter } from './seed-center';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '500' },
    clients: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    /** Distinct leads the messages are spread over (the floor uses 500 dialogs). */
    leads: { type: 'string', default: '500' },
    /** postgres://… to measure on PostgreSQL instead of the embedded SQLite. */
    db: { type: 'string' },
    /** Writes V8 CPU profiles of the server into this folder, and prints where the time went per stage (bench/profile-stages.ts). */
    profile: { type: 'string' },
    /** waiting (default): every lead was transferred to operators first, messages land in dialogs; bot: leads talk to the bot (each message is also a bot job). */
    state: { type: 'string', default: 'waiting' },
    /** Seconds of the same load before the measured run, not measured (0: measure a cold start). */
    warmup: { type: 'string', default: '5' },
    /** Run the sources through tsx instead of the build (dist/, as `npm start` runs it, with its Node options; rebuilt first if stale). With --profile the sources always run: the stages are told by module path. */
    tsx: { type: 'boolean', default: false },
  },
});
const rate = Number(values.rate);
const clients = Number(values.clients);
const seconds = Number(values.seconds);
const leads = Number(values.leads);
const warmup = Number(values.warmup);

/** Creates the leads and hands each to the contact center, so the load is messages in operators' dialogs. */
async function transferAll(port: number, channelId: number, token: string): Promise<void> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  for (let i = 0; i < leads; i++) {
    const r = await fetch(`http://127.0.0.1:${port}/api/v1/channels/${channelId}/inbound`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ lead: { messengerId: `lead-${i}` }, message: { clientMessageId: `pre-${i}`, text: 'hello' } }),
    });
    const { leadId } = (await r.json()) as { leadId: number };
    await fetch(`http://127.0.0.1:${port}/api/v1/leads/${leadId}/transfer-to-operators`, { method: 'POST', headers, body: '{}' });
  }
}

function connect(url: string, cookie: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { cookie }, perMessageDeflate: false });
    ws.once('message', () => resolve(ws)); // hello
    ws.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metadesk-bench-'));
  const databaseUrl = values.db ?? `sqlite:${path.join(dir, 'bench.db')}`;
  let server: ServerProcess | undefined;
  const sockets: WebSocket[] = [];
  let result: Record<string, unknown> | undefined;
  let requests = 0;
  try {
    // --profile DIR writes a V8 CPU profile of the server there (open it in Chrome DevTools).
    const built = !values.tsx && !values.profile;
    if (built) execFileSync(process.execPath, ['scripts/ensure-build.mjs', '--server'], { cwd: path.resolve(import.meta.dirname, '..'), stdio: 'ignore' });
    server = await startServer({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }, [], values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [], {
      built,
    });
    const { channelId, token, cookies } = await seedCenter(databaseUrl, { name: 'Bench', operators: clients });
    if (values.state === 'waiting') await transferAll(server.port, channelId, token);
    for (const c of cookies) sockets.push(await connect(`ws://127.0.0.1:${server.port}/api/v1/realtime`, c));

    const sentAt = new Map<string, number>();
    const sentEpoch = new Map<string, number>();
    const lat: number[] = [];
    const inServer: number[] = [];
    let others = 0;
    let failures = 0;
    sockets[0]!.on('message', (raw) => {
      const f = JSON.parse(String(raw)) as { type: string; at: number; data?: { message?: { author: string; clientMessageId: string | null } } };
      const m = f.type === 'message.created' ? f.data?.message : undefined;
      if (!m || m.author !== 'lead' || !m.clientMessageId) return;
      const n = Number(m.clientMessageId.slice(2));
      const t = sentAt.get(m.clientMessageId);
      if (t !== undefined && m.clientMessageId.startsWith('b-') && n >= rate) {
        lat.push(performance.now() - t);
        inServer.push(f.at - (sentEpoch.get(m.clientMessageId) ?? f.at));
      }
    });
    for (const w of sockets.slice(1)) w.on('message', () => others++);

    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    /** Posts `rate` messages a second for `secs` seconds (ids `<prefix>-<n>`), then waits a second for the stragglers. */
    const load = (prefix: string, secs: number) =>
      new Promise<void>((done) => {
        const total = rate * secs;
        let sent = 0;
        const t0 = performance.now();
        const tick = () => {
          const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
          for (; sent < due; sent++) {
            const id = `${prefix}-${sent}`;
            const body = JSON.stringify({ lead: { messengerId: `lead-${sent % leads}` }, message: { clientMessageId: id, text: `hello operator ${sent}` } });
            sentAt.set(id, performance.now());
            sentEpoch.set(id, Date.now());
            const r = http.request(
              {
                host: '127.0.0.1',
                port: server!.port,
                method: 'POST',
                path: `/api/v1/channels/${channelId}/inbound`,
                agent,
                headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              },
              (res) => {
                if (res.statusCode !== 200) failures++;
                res.resume();
              },
            );
            r.on('error', () => failures++);
            r.end(body);
          }
          if (sent < total) setImmediate(tick);
          else setTimeout(done, 1000);
        };
        tick();
      });

    // A server that has just started runs its first seconds of load slowly while V8 compiles the
    // hot path and sizes its heap. A contact center runs for days, so by default the same load runs
    // `--warmup` seconds first, unmeasured (--warmup 0 measures a cold start).
    if (warmup > 0) await load('w', warmup);
    sentAt.clear();
    sentEpoch.clear();
    const cpu0 = cpuMs(server.child.pid!);
    const client0 = process.cpuUsage();
    const total = rate * (seconds + 1);
    await load('b', seconds + 1);
    const serverCpuMs = cpuMs(server.child.pid!) - cpu0;
    const c = process.cpuUsage(client0);
    const clientCpuMs = (c.user + c.system) / 1000;
    lat.sort((a, b) => a - b);
    const q = (p: number) => +(lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? NaN).toFixed(2);
    result = {
      db: databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'postgres',
      server: built ? 'build' : 'tsx',
      state: values.state,
      clients,
      rate,
      seconds,
      warmup,
      delivered: lat.length,
      of: total - rate,
      p50_ms: q(0.5),
      p99_ms: q(0.99),
      max_ms: +(lat.at(-1) ?? NaN).toFixed(2),
      http_failures: failures,
      // Server CPU (user + system) per message: a steadier measure than tail latency on a shared machine.
      server_cpu_ms_per_msg: +(serverCpuMs / total).toFixed(3),
      client_cpu_ms_per_msg: +(clientCpuMs / total).toFixed(3),
      // Request sent → transaction committed (ms clock): the server's part of the latency.
      commit_p50_ms: inServer.sort((a, b) => a - b)[Math.floor(inServer.length / 2)],
      commit_p99_ms: inServer[Math.floor(inServer.length * 0.99)],
    };
    // Every request the server handled, for the profile's per-request times: first messages, transfers, warm-up, the run.
    requests = (values.state === 'waiting' ? 2 : 1) * leads + rate * (warmup + seconds + 1);
    void others;
  } finally {
    for (const s of sockets) s.terminate();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // The profile is written when the server exits: the stages of the whole run, start-up apart.
  if (result && values.profile) result.stages_us_per_request = stageReport(mainThreadProfile(values.profile), requests);
  if (result) process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:e2e failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
