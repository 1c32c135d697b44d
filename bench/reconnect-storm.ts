// Reconnect storm (#17): the server restarted under load while N operator sockets are open. Starts
// Metadesk as its own process, opens the sockets, posts API-channel messages at a rate, restarts the
// server on the same database and port (SIGTERM, or SIGKILL with --kill), and follows every socket
// as it reconnects with `since` = its last seq, the web app's back-off (web/src/lib/socket.ts).
//   npm run bench:storm -- [--sockets 10000] [--users 1000] [--businesses 1] [--rate 200] [--steady 5] [--kill] [--db postgres://…] [--tsx]
// Prints one JSON line.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { latestSeqs } from '../server/realtime/realtime.repo';
import { openStorage } from '../server/storage/db';
import { freePort, startServer, type ServerProcess } from '../test/server-process';
import { cpuMs, openFilesLimit, rssMb } from './process-stats';
import { SocketClient, type Limiter } from './reconnect-storm.client';
import { seedCenter } from './seed-center';

const { values } = parseArgs({
  options: {
    sockets: { type: 'string', default: '10000' },
    /** Distinct signed-in operators; sockets are spread over them like browser tabs. */
    users: { type: 'string', default: '1000' },
    /** Businesses the users, sockets, leads and messages are spread over evenly (one process serves many). */
    businesses: { type: 'string', default: '1' },
    /** Inbound messages a second, throughout. */
    rate: { type: 'string', default: '200' },
    /** Seconds of load before the restart (the first one warms up and is not counted). */
    steady: { type: 'string', default: '5' },
    /** Seconds of load after the new process spawned, at least (longer while sockets are still resuming, up to --max-storm). */
    storm: { type: 'string', default: '10' },
    'max-storm': { type: 'string', default: '40' },
    /** Sockets whose latency is measured (spread over all of them). */
    watchers: { type: 'string', default: '50' },
    /** Leads the messages are spread over; each is transferred to operators first. */
    leads: { type: 'string', default: '200' },
    /** Handshakes in flight at once from this process (the listen backlog is finite), on start and on reconnect. */
    concurrency: { type: 'string', default: '256' },
    /** Jitter of the reconnect back-off: 1 waits between half and all of each step at random, as the web app does; 0 the exact steps. */
    jitter: { type: 'string', default: '1' },
    /** SIGKILL (a crash) instead of SIGTERM (a graceful stop). */
    kill: { type: 'boolean', default: false },
    /** postgres://… instead of a fresh SQLite file. */
    db: { type: 'string' },
    /** Two or more cores: the server on the first, this load generator on the others (`taskset`), as if the operators' browsers were elsewhere. */
    pin: { type: 'boolean', default: false },
    /** Write a V8 CPU profile of the restarted server into this folder (open it in Chrome DevTools). */
    profile: { type: 'string' },
    /** Run the sources through tsx instead of the build (dist/, as `npm start` runs; rebuilt first if stale). */
    tsx: { type: 'boolean', default: false },
  },
});
const N = Number(values.sockets);
const USERS = Math.max(1, Math.min(N, Number(values.users)));
const RATE = Number(values.rate);
const STEADY_S = Number(values.steady);
const LEADS = Number(values.leads);
const BUSINESSES = Math.max(1, Math.min(USERS, Number(values.businesses)));
const WATCHERS = Math.min(N, Number(values.watchers));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

/** A reading of a process that may be gone already (null then). */
function ifAlive<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}
const rssOf = (pid: number | undefined) => ifAlive(() => Math.round(rssMb(pid!) * 10) / 10);
const cpuSeconds = (pid: number | undefined) => ifAlive(() => cpuMs(pid!) / 1000);

/** Each business's latest seq, in the order given. */
async function latestSeq(databaseUrl: string, businessIds: number[]): Promise<number[]> {
  const storage = openStorage(databaseUrl);
  try {
    const latest = await latestSeqs(storage.db, businessIds);
    return businessIds.map((id) => latest.get(id) ?? 0);
  } finally {
    await storage.close();
  }
}

/** Creates the leads and hands each to operators, so every message is a `message.created` every operator sees. */
async function transferAll(port: number, channelId: number, token: string, leads: number): Promise<void> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const one = async (i: number) => {
    const r = await fetch(`http://127.0.0.1:${port}/api/v1/channels/${channelId}/inbound`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ lead: { messengerId: `lead-${i}` }, message: { clientMessageId: `pre-${i}`, text: 'hello' } }),
    });
    const { leadId } = (await r.json()) as { leadId: number };
    const t = await fetch(`http://127.0.0.1:${port}/api/v1/leads/${leadId}/transfer-to-operators`, { method: 'POST', headers, body: '{}' });
    if (!t.ok) throw new Error(`transfer: HTTP ${t.status}`);
  };
  for (let i = 0; i < leads; i += 8) await Promise.all(Array.from({ length: Math.min(8, leads - i) }, (_, k) => one(i + k)));
}

/** With --pin: this process (every thread) moves off CPU 0, which is left to the server; the server's CPU list, or undefined. */
function pinning(): string | undefined {
  if (!values.pin) return undefined;
  const n = os.availableParallelism();
  if (n < 2) throw new Error('--pin needs at least two cores');
  execFileSync('taskset', ['-a', '-p', '-c', `1-${n - 1}`, String(process.pid)], { stdio: 'ignore' });
  return '0';
}

/** At most `n` handshakes in flight; the rest wait in line. */
function limiter(n: number): Limiter {
  let active = 0;
  const queue: (() => void)[] = [];
  return {
    acquire: () =>
      new Promise<void>((resolve) => {
        if (active < n) {
          active++;
          resolve();
        } else queue.push(resolve);
      }),
    release: () => {
      const next = queue.shift();
      if (next) next();
      else active--;
    },
  };
}

const pct = (sorted: number[], p: number) => (sorted.length ? +sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(1) : null);

/** Sent times of one message: its first attempt, and the attempt in flight (the one the server accepted). */
interface Sent {
  first: number;
  last: number;
}

async function main(): Promise<void> {
  if (!Number.isInteger(N) || N < 1) throw new Error('--sockets must be a positive integer');
  const limit = openFilesLimit();
  if (limit < N + 512) {
    throw new Error(
      `ulimit -n is ${limit}, too low for ${N} sockets (the server and this bench each need about ${N + 512}): \`ulimit -n ${N * 2}\` or fewer --sockets.`,
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metadesk-storm-'));
  const databaseUrl = values.db ?? `sqlite:${path.join(dir, 'bench.db')}`;
  const port = await freePort();
  const env = { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', PORT: String(port) };
  let server: ServerProcess | undefined;
  const clients: SocketClient[] = [];
  let loading = false;
  // A Ctrl-C must not leave the server behind either.
  const onSignal = () => {
    server?.child.kill('SIGKILL');
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  try {
    if (!values.tsx)
      execFileSync(process.execPath, ['scripts/ensure-build.mjs', '--server'], { cwd: path.resolve(import.meta.dirname, '..'), stdio: 'ignore' });
    const cpus = pinning();
    server = await startServer(env, [], [], { built: !values.tsx, cpus });
    // Business b has every BUSINESSES-th user, socket, lead and message from the b-th on.
    const centers: Awaited<ReturnType<typeof seedCenter>>[] = [];
    for (let b = 0; b < BUSINESSES; b++) {
      const center = await seedCenter(databaseUrl, { name: `Storm ${b}`, operators: Math.ceil((USERS - b) / BUSINESSES) });
      await transferAll(port, center.channelId, center.token, Math.ceil((LEADS - b) / BUSINESSES));
      centers.push(center);
    }
    const businessIds = centers.map((c) => c.businessId);
    const centerOf = (i: number) => centers[i % BUSINESSES]!;

    // Latency samples: [sent time of the accepted attempt, latency from it, first attempt's time, latency from it].
    const sent = new Map<string, Sent>();
    const samples: [number, number, number, number][] = [];
    const onMessage = (id: string, at: number) => {
      const s = sent.get(id);
      if (s) samples.push([s.last, at - s.last, s.first, at - s.first]);
    };
    const gate = limiter(Number(values.concurrency));
    const url = `ws://127.0.0.1:${port}/api/v1/realtime`;
    const every = Math.max(1, Math.floor(N / Math.max(1, WATCHERS)));
    for (let i = 0; i < N; i++) {
      const watcher = WATCHERS > 0 && i % every === 0 && i / every < WATCHERS;
      const { cookies } = centerOf(i);
      clients.push(new SocketClient(url, cookies[Math.floor(i / BUSINESSES) % cookies.length]!, gate, Number(values.jitter), watcher ? onMessage : undefined));
    }
    const t0 = now();
    for (const c of clients) c.start();
    while (clients.some((c) => !c.open)) {
      if (now() - t0 > 120_000) throw new Error(`only ${clients.filter((c) => c.open).length} of ${N} sockets opened in 120 s`);
      await sleep(50);
    }
    const connectS = (now() - t0) / 1000;
    await sleep(1000);

    // The load: RATE messages a second; a failed POST is retried (100 ms doubling to 1 s) until accepted.
    let failures = 0;
    let failuresAfterRestart = 0;
    let restartAt = Infinity;
    let accepted = 0;
    const failReasons = new Map<string, number>();
    let n = 0;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const post = (id: string, n: number, attempt: number) => {
      const { channelId, token } = centerOf(n);
      // Every message lands in a transferred lead's dialog (as on a busy day), spread over them.
      const lead = Math.floor(n / BUSINESSES) % Math.max(1, Math.floor(LEADS / BUSINESSES));
      sent.get(id)!.last = now();
      const fail = (why: string) => {
        failures++;
        failReasons.set(why, (failReasons.get(why) ?? 0) + 1);
        if (now() >= restartAt) failuresAfterRestart++;
        setTimeout(() => post(id, n, attempt + 1), Math.min(1000, 100 * 2 ** attempt) * (0.5 + Math.random())).unref();
      };
      const body = JSON.stringify({ lead: { messengerId: `lead-${lead}` }, message: { clientMessageId: id, text: `hello operator ${id}` } });
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/api/v1/channels/${channelId}/inbound`,
          agent,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        },
        (res) => {
          res.resume();
          if (res.statusCode === 200) accepted++;
          else fail(`HTTP ${res.statusCode}`);
        },
      );
      req.on('error', (err) => fail(err.message.replace(/\d+\.\d+\.\d+\.\d+:\d+/, 'addr')));
      req.end(body);
    };
    loading = true;
    const loadStart = now();
    // A 5 ms timer, not a setImmediate spin: on two cores a spinning generator takes the server's CPU.
    const ticker = setInterval(() => {
      if (!loading) return;
      const due = Math.floor(((now() - loadStart) / 1000) * RATE);
      for (; n < due; n++) {
        const id = `s-${n}`;
        sent.set(id, { first: now(), last: now() });
        post(id, n, 0);
      }
    }, 5);

    await sleep(STEADY_S * 1000);
    const oldPid = server.child.pid;
    const rssBefore = rssOf(oldPid);
    restartAt = now();
    const signal = values.kill ? 'SIGKILL' : 'SIGTERM';
    const old = server;
    const escalate = setTimeout(() => void old.kill('SIGKILL'), 15_000);
    await old.kill(signal);
    clearTimeout(escalate);
    const exitedAt = now();
    // Every event the old process committed: each socket must end up with it.
    const targets = await latestSeq(databaseUrl, businessIds);
    clients.forEach((c, i) => c.expectAfterRestart(targets[i % BUSINESSES]!));
    const spawnAt = now();
    const cpuBefore = process.cpuUsage();
    server = await startServer(env, [], values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [], { built: !values.tsx, pollMs: 5, cpus });
    const readyAt = now();

    // Keep the load on while sockets resume, at least --storm seconds.
    const stormMin = Number(values.storm) * 1000;
    const stormMax = Number(values['max-storm']) * 1000;
    let allResumedAt: number | null = null;
    let rssAfter: number | null = null;
    while (now() - spawnAt < stormMax) {
      if (allResumedAt === null && clients.every((c) => c.resumedAt !== null)) {
        allResumedAt = Math.max(...clients.map((c) => c.resumedAt!));
        rssAfter = rssOf(server.child.pid);
      }
      if (allResumedAt !== null && now() - spawnAt >= stormMin && now() - allResumedAt >= 3000) break;
      await sleep(20);
    }
    loading = false;
    clearInterval(ticker);
    const stopAt = now();
    // CPU seconds of the storm phase (spawn → load stopped): this load generator and the new server process.
    const clientCpu = process.cpuUsage(cpuBefore);
    const serverCpuS = cpuSeconds(server.child.pid);
    // Let the last POSTs land and every socket receive the last event.
    const pendingDeadline = now() + 10_000;
    while (accepted < n && now() < pendingDeadline) await sleep(50);
    const finals = await latestSeq(databaseUrl, businessIds);
    const finalOf = (i: number) => finals[i % BUSINESSES]!;
    const drainDeadline = now() + 10_000;
    while (clients.some((c, i) => c.last < finalOf(i)) && now() < drainDeadline) await sleep(50);
    const rssEnd = rssOf(server.child.pid);
    // Resumed only after the load had stopped (past --max-storm): still a time, read with that in mind.
    if (allResumedAt === null && clients.every((c) => c.resumedAt !== null)) allResumedAt = Math.max(...clients.map((c) => c.resumedAt!));

    const steady = samples
      .filter(([t]) => t >= loadStart + 1000 && t < restartAt)
      .map(([, l]) => l)
      .sort((a, b) => a - b);
    const steadyP99 = pct(steady, 0.99) ?? NaN;
    const stormBuckets: number[][] = [];
    for (const [t, l] of samples) {
      if (t < restartAt || t >= stopAt) continue;
      const k = Math.max(0, Math.floor((t - spawnAt) / 1000));
      (stormBuckets[k] ??= []).push(l);
    }
    const stormP99 = Array.from(stormBuckets, (b) =>
      b
        ? pct(
            b.sort((x, y) => x - y),
            0.99,
          )
        : null,
    );
    let over = 0;
    stormP99.forEach((p, i) => {
      if (p !== null && p > 10 * steadyP99) over = i + 1;
    });
    // Messages first sent while the server was away: the lead's wait, retries included.
    const restartMsgs = samples
      .filter(([, , first]) => first >= restartAt && first < readyAt)
      .map(([, , , l]) => l)
      .sort((a, b) => a - b);
    const missed = clients.reduce((s, c) => s + c.gaps, 0);
    const behind = clients.reduce((s, c, i) => s + Math.max(0, finalOf(i) - c.last), 0);
    const ms = (x: number | null) => (x === null ? null : Math.round(x));
    process.stdout.write(
      `${JSON.stringify({
        db: databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'postgres',
        sockets: N,
        users: USERS,
        businesses: BUSINESSES,
        pinned: values.pin,
        rate: RATE,
        restart: values.kill ? 'sigkill' : 'sigterm',
        connect_s: +connectS.toFixed(2),
        stop_ms: ms(exitedAt - restartAt),
        server_ready_ms: ms(readyAt - spawnAt),
        all_resumed_ms: allResumedAt === null ? null : ms(allResumedAt - spawnAt),
        resumed: clients.filter((c) => c.resumedAt !== null).length,
        missed,
        sockets_with_gaps: clients.filter((c) => c.gaps > 0).length,
        // Events not yet received 10 s after the load stopped (sockets still catching up or reconnecting).
        behind_at_end: behind,
        sockets_behind_at_end: clients.filter((c, i) => c.last < finalOf(i)).length,
        duplicates: clients.reduce((s, c) => s + c.duplicates, 0),
        resyncs: clients.reduce((s, c) => s + c.resyncs, 0),
        reconnect_attempts: clients.reduce((s, c) => s + c.attempts, 0) - N,
        handshake_errors: Object.fromEntries([...SocketClient.errors].sort((a, b) => b[1] - a[1]).slice(0, 4)),
        events: finals.reduce((a, b) => a + b, 0),
        messages: n,
        steady_p50_ms: pct(steady, 0.5),
        steady_p99_ms: steadyP99,
        storm_p99_ms_per_s: stormP99,
        seconds_over_10x: over,
        restart_msgs_p99_from_first_attempt_ms: pct(restartMsgs, 0.99),
        restart_msgs_max_from_first_attempt_ms: ms(restartMsgs.at(-1) ?? null),
        http_failures_during_restart: failuresAfterRestart,
        http_failures_before_restart: failures - failuresAfterRestart,
        http_failure_kinds: Object.fromEntries(failReasons),
        server_exit: server.child.exitCode ?? server.child.signalCode,
        storm_cpu_s: { client: +((clientCpu.user + clientCpu.system) / 1e6).toFixed(1), server: serverCpuS, wall: +((stopAt - spawnAt) / 1000).toFixed(1) },
        rss_before_mb: rssBefore,
        rss_after_resume_mb: rssAfter,
        rss_end_mb: rssEnd,
      })}\n`,
    );
    if (missed > 0 || behind > 0 || allResumedAt === null) process.exitCode = 1;
  } finally {
    loading = false;
    for (const c of clients) c.stop();
    await server?.stop();
    if (!values.db) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(),
  (err: unknown) => {
    process.stderr.write(`bench:storm failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
