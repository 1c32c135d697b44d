// Idle-socket capacity: starts Metadesk as a real process, opens N authenticated realtime sockets,
// waits for every hello, then reads the server's resident memory. Prints one JSON line.
//   npm run bench:sockets -- --sockets 10000 [--users 1000] [--concurrency 256]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { openStorage } from '../server/storage/db';
import { buildBusiness, buildSession, buildUser } from '../test/factories';
import { startServer, type ServerProcess } from '../test/server-process';
import { openFilesLimit, rssMb } from './process-stats';

const { values } = parseArgs({
  options: {
    sockets: { type: 'string', default: '10000' },
    /** Distinct signed-in operators; sockets are spread over them like browser tabs. */
    users: { type: 'string', default: '1000' },
    /** Handshakes in flight at once (the listen backlog is finite). */
    concurrency: { type: 'string', default: '256' },
  },
});
const N = Number(values.sockets);
const USERS = Math.max(1, Math.min(N, Number(values.users)));
const CONCURRENCY = Number(values.concurrency);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Creates a business with USERS operators and one session each, straight in the server's database. */
async function seed(databaseUrl: string): Promise<string[]> {
  const storage = openStorage(databaseUrl);
  try {
    return await storage.db.transaction().execute(async (tx) => {
      const business = await buildBusiness(tx, { name: 'Bench' });
      const cookies: string[] = [];
      for (let i = 0; i < USERS; i++) {
        const user = await buildUser(tx, { businessId: business.id, roles: ['operator'], name: `Operator ${i}` });
        cookies.push((await buildSession(tx, { userId: user.id, businessId: business.id, ttlMs: 86_400_000 })).cookie);
      }
      return cookies;
    });
  } finally {
    await storage.close();
  }
}

/** Opens one socket and resolves once its hello frame arrived. */
function connect(url: string, cookie: string, localAddress: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { cookie }, perMessageDeflate: false, localAddress, handshakeTimeout: 30_000 });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('no hello in 60 s'));
    }, 60_000);
    ws.once('message', (raw) => {
      clearTimeout(timer);
      const frame = JSON.parse(String(raw)) as { type?: string };
      if (frame.type === 'hello') resolve(ws);
      else reject(new Error(`first frame was ${String(raw)}`));
    });
    ws.once('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      reject(new Error(`HTTP ${res.statusCode}`));
    });
    ws.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

async function main(): Promise<void> {
  if (!Number.isInteger(N) || N < 1) throw new Error('--sockets must be a positive integer');
  // The server holds N descriptors and so does this process (separately): both inherit this limit.
  const limit = openFilesLimit();
  if (limit < N + 512) {
    throw new Error(
      `ulimit -n is ${limit}, too low for ${N} sockets (the server and this bench each need about ${N + 512}). ` +
        `Raise it in the shell that runs the bench, e.g. \`ulimit -n ${N * 2}\` (or ask for fewer --sockets).`,
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metadesk-bench-'));
  const databaseUrl = `sqlite:${path.join(dir, 'bench.db')}`;
  let server: ServerProcess | undefined;
  const sockets: WebSocket[] = [];
  try {
    server = await startServer({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' });
    const pid = server.child.pid;
    if (pid === undefined) throw new Error('server has no pid');
    const cookies = await seed(databaseUrl);
    await sleep(1000);
    const baseline = rssMb(pid);

    const url = `ws://127.0.0.1:${server.port}/api/v1/realtime`;
    // Past ~25k sockets one source address runs out of ephemeral ports: spread over 127.0.0.x.
    const sources = Math.max(1, Math.ceil(N / 20_000));
    let next = 0;
    let failed = 0;
    const firstErrors: string[] = [];
    const started = Date.now();
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, N) }, async () => {
        while (next < N) {
          const i = next++;
          try {
            sockets.push(await connect(url, cookies[i % cookies.length]!, `127.0.0.${1 + (i % sources)}`));
          } catch (err) {
            failed++;
            if (firstErrors.length < 3) firstErrors.push(String(err));
          }
        }
      }),
    );
    const connectS = (Date.now() - started) / 1000;
    await sleep(2000); // let the server settle after the handshake burst
    const rss = rssMb(pid);
    const connected = sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
    if (failed > 0) process.stderr.write(`${failed} sockets failed, e.g.: ${firstErrors.join(' | ')}\n`);
    const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
    process.stdout.write(
      `${JSON.stringify({
        sockets: N,
        connected,
        rss_mb: round(rss),
        rss_per_socket_kb: connected > 0 ? round(((rss - baseline) * 1024) / connected) : null,
        baseline_rss_mb: round(baseline),
        connect_s: round(connectS, 2),
      })}\n`,
    );
    if (connected < N) process.exitCode = 1;
  } finally {
    for (const s of sockets) s.terminate();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:sockets failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
