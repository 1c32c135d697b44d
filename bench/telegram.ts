// The Telegram channel under load, against the local Bot API stand-in (test/telegram-server.ts) in this
// process and Metadesk as its own process (test/server-process.ts):
//   npm run bench:telegram -- [--rate 500] [--seconds 5] [--warmup 5] [--find-max] [--replies 300] [--chats 30] [--db postgres://…]
// 1. inbound: webhook updates POSTed straight to /api/v1/channels/{id}/telegram at a fixed rate; the latency
//    is to the 200, which means the update is stored (the durable acknowledgement). Beside it, in the same
//    run, ../shared/bench/floor.mjs --db --clients 1 at the same rate and duration, and our/floor ratios.
// 2. outbound: a bot whose fallback script answers every message; N lead messages over M chats through
//    the webhook, with the stand-in answering 429 to any send that breaks Telegram's limits; how fast the
//    N replies reach it, against what Telegram allows (1 message/s per chat, 30/s per bot).
// Prints one JSON line per part and a summary line; progress goes to stderr. Benches print, never assert.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { runFloor } from './floor';
import { cpuMs } from './process-stats';
import { parseArgs } from 'node:util';
import { openStorage } from '../server/storage/db';
import { buildApiToken, buildBot, buildBusiness, buildScript, UNLIMITED_TOKENS } from '../test/factories';
import { freePort, startServer, type ServerProcess } from '../test/server-process';
import { startTelegramServer, type TelegramCall, type TelegramServer } from '../test/telegram-server';

const { values } = parseArgs({
  options: {
    /** Inbound updates a second, and the measured seconds (after a first second that is not counted). */
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '5' },
    /** Seconds of the same load before the measured run, unmeasured, as bench:e2e (0: a cold start). */
    warmup: { type: 'string', default: '5' },
    /** Distinct Telegram chats (leads) the inbound updates are spread over (the floor uses 500 dialogs). */
    leads: { type: 'string', default: '500' },
    /**
     * Then step the inbound rate up from --rate (×--step): the highest rate with p99 ≤ --max-p99 ms and
     * no failure, and the highest at which the server still kept up (stops at the first that falls behind).
     */
    'find-max': { type: 'boolean', default: false },
    step: { type: 'string', default: '1.25' },
    'max-p99': { type: 'string', default: '50' },
    /** Outbound: bot replies to send, over this many chats (each gets replies / chats). */
    replies: { type: 'string', default: '300' },
    chats: { type: 'string', default: '30' },
    /** postgres://… to measure on PostgreSQL instead of a fresh SQLite file. */
    db: { type: 'string' },
    'skip-floor': { type: 'boolean', default: false },
    'skip-outbound': { type: 'boolean', default: false },
    /** A directory for a V8 CPU profile of the server (open it in Chrome DevTools). */
    profile: { type: 'string' },
  },
});
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const LEADS = Number(values.leads);
const MAX_P99 = Number(values['max-p99']);
const REPLIES = Number(values.replies);
const CHATS = Number(values.chats);

/** Telegram's limits (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this). */
const PER_CHAT_PER_S = 1;
const PER_BOT_PER_S = 30;

/** Chat ids of the two parts' leads, apart from each other. */
const INBOUND_CHAT_BASE = 300_000;
const OUTBOUND_CHAT_BASE = 900_000;

const log = (s: string) => process.stderr.write(`[bench:telegram] ${s}\n`);
const round = (n: number, d = 2) => +n.toFixed(d);
const quantile = (sorted: number[], p: number) => (sorted.length ? round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!) : null);
const ratio = (ours: number | null | undefined, floor: number | null | undefined) => (ours != null && floor ? round(ours / floor, 1) : null);

// ---------------------------------------------------------------------------------------------- setup

interface Seeded {
  adminToken: string;
  /** A bot without scripts: each inbound update is stored and routed to it, and nothing is answered. */
  quietBotId: number;
  /** A bot whose fallback script answers every lead message with one text: the outbound part's replies. */
  answeringBotId: number;
}

/** Rows straight in the database, as bench/e2e.ts seeds them; the channels are connected through the API. */
async function seed(databaseUrl: string): Promise<Seeded> {
  const storage = openStorage(databaseUrl);
  try {
    return await storage.db.transaction().execute(async (tx) => {
      const business = await buildBusiness(tx, { name: 'Bench', settings: UNLIMITED_TOKENS });
      const quiet = await buildBot(tx, { businessId: business.id, name: 'Quiet bot' });
      const answering = await buildBot(tx, { businessId: business.id, name: 'Answering bot' });
      await buildScript(tx, {
        businessId: business.id,
        botId: answering.id,
        code: 'noted',
        type: 'fallback',
        commands: [{ type: 'send_text', text: 'Noted, {{name}}.' }],
      });
      const token = await buildApiToken(tx, { businessId: business.id, roles: ['admin'] });
      return { adminToken: token.secret, quietBotId: quiet.id, answeringBotId: answering.id };
    });
  } finally {
    await storage.close();
  }
}

interface Connected {
  token: string;
  channelId: number;
  secret: string;
  webhookPath: string;
}

/** A new bot at the stand-in, connected as an admin would: getMe, then setWebhook with the secret Metadesk made. */
async function connectTelegram(tg: TelegramServer, server: ServerProcess, adminToken: string, botId: number, name: string): Promise<Connected> {
  const { token } = tg.addBot();
  const r = await fetch(`${server.url}/api/v1/channels`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ botId, kind: 'telegram', name, token, updates: 'webhook' }),
  });
  if (r.status !== 201) throw new Error(`connecting the Telegram channel answered ${r.status}: ${await r.text()}`);
  const body = (await r.json()) as { channel: { id: number }; webhookSecret: string };
  return { token, channelId: body.channel.id, secret: body.webhookSecret, webhookPath: `/api/v1/channels/${body.channel.id}/telegram` };
}

/** `count` text updates as Telegram sends them (the stand-in builds them, so it also knows the chats), over `chats` chats. */
let nextUpdateId = 500_000_000;
function textUpdates(tg: TelegramServer, token: string, o: { count: number; chats: number; chatBase: number }): string[] {
  return Array.from({ length: o.count }, (_, i) => {
    const chat = i % o.chats;
    const update = tg.updates.text(token, { userId: o.chatBase + chat, firstName: 'Lead', lastName: String(chat), text: `hello operator ${i}` });
    return JSON.stringify({ ...update, update_id: nextUpdateId++ });
  });
}

/** POSTs one update to the webhook as Telegram does (the secret in its header); calls back with the status (0: no answer). */
type Poster = (body: string, done: (status: number) => void) => void;
function webhookPoster(port: number, c: Connected): Poster {
  // Keep-alive, as Telegram keeps its webhook connections (up to max_connections, 40 by default).
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const headers = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': c.secret };
  return (body, done) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: c.webhookPath, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
    });
    req.on('error', () => done(0));
    req.end(body);
  };
}

// ---------------------------------------------------------------------------------------------- inbound

interface Step {
  rate: number;
  /** Updates answered 200 within the window, of those counted (the first second's are not). */
  acked: number;
  of: number;
  failures: number;
  p50_ms: number | null;
  p99_ms: number | null;
  max_ms: number | null;
  updates_per_s: number;
  server_cpu_ms_per_update: number;
}

/**
 * Posts `rate` updates a second for `seconds` + 1 seconds (the first second warms up and is not
 * counted, as in floor.mjs), then waits a second for the last answers. Spins on setImmediate like
 * floor.mjs and bench/e2e.ts, so both generators cost the same on the shared cores.
 */
function drive(post: Poster, bodies: string[], rate: number, pid: number): Promise<Step> {
  return new Promise((resolve) => {
    const total = bodies.length;
    const lat: number[] = [];
    let sent = 0;
    let failures = 0;
    let lastAckAt = 0;
    let inFlight = 0;
    // CPU from the end of the warm-up second to the end, per update sent in that time (as floor.mjs counts it).
    let cpu0 = cpuMs(pid);
    let sent0 = 0;
    let tFirstCounted = 0;
    setTimeout(() => {
      cpu0 = cpuMs(pid);
      sent0 = sent;
    }, 1000);
    const t0 = performance.now();
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
      for (; sent < due; sent++) {
        const n = sent;
        const at = performance.now();
        if (n === rate) tFirstCounted = at;
        inFlight++;
        post(bodies[n]!, (status) => {
          inFlight--;
          if (status !== 200) failures++;
          else if (n >= rate && !closed) {
            lastAckAt = performance.now();
            lat.push(lastAckAt - at);
          }
        });
      }
      if (sent < total) setImmediate(tick);
      else setTimeout(finish, 1000);
    };
    let closed = false;
    const finish = () => {
      closed = true;
      const cpu = cpuMs(pid) - cpu0;
      lat.sort((a, b) => a - b);
      const step: Step = {
        rate,
        acked: lat.length,
        of: total - rate,
        failures,
        p50_ms: quantile(lat, 0.5),
        p99_ms: quantile(lat, 0.99),
        max_ms: lat.length ? round(lat.at(-1)!) : null,
        updates_per_s: lastAckAt > tFirstCounted ? Math.round(lat.length / ((lastAckAt - tFirstCounted) / 1000)) : 0,
        server_cpu_ms_per_update: round(cpu / (total - sent0), 3),
      };
      // The next step starts on an idle server: wait (up to 30 s) for answers still on their way.
      const drained = performance.now() + 30_000;
      const wait = () => (inFlight > 0 && performance.now() < drained ? setTimeout(wait, 50) : resolve(step));
      wait();
    };
    tick();
  });
}

/** The server's /metrics (answered to a local scrape without a token) as name{labels} → value. */
async function scrape(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const m = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [k, v] = line.split(' ');
    if (k && v && !line.startsWith('#')) m.set(k, Number(v));
  }
  return m;
}

/**
 * Where the server's time went while `run` ran, from prom-client's default metrics: garbage collection
 * (summed over kinds), and how late the event loop ran timers (its histogram restarts at every scrape).
 * A tail with a small lag here and a large one at the client means the process waited for a CPU.
 */
async function serverTimes<T>(
  url: string,
  run: () => Promise<T>,
): Promise<{ result: T; gc_ms: number; event_loop_lag_p99_ms: number; event_loop_lag_max_ms: number }> {
  const gcMs = (m: Map<string, number>) =>
    [...m].filter(([k]) => k.startsWith('metadesk_nodejs_gc_duration_seconds_sum')).reduce((a, [, v]) => a + v * 1000, 0);
  const before = await scrape(url);
  const result = await run();
  const after = await scrape(url);
  return {
    result,
    gc_ms: Math.round(gcMs(after) - gcMs(before)),
    event_loop_lag_p99_ms: round((after.get('metadesk_nodejs_eventloop_lag_p99_seconds') ?? NaN) * 1000, 1),
    event_loop_lag_max_ms: round((after.get('metadesk_nodejs_eventloop_lag_max_seconds') ?? NaN) * 1000, 1),
  };
}

async function inbound(tg: TelegramServer, server: ServerProcess, databaseUrl: string, c: Connected, floor: Record<string, number> | null) {
  const post = webhookPoster(server.port, c);
  const pid = server.child.pid!;
  const updates = (rate: number, secs: number) => textUpdates(tg, c.token, { count: rate * secs, chats: LEADS, chatBase: INBOUND_CHAT_BASE });
  // A server that has just started compiles its hot path during the first seconds of load (see
  // docs/benchmarks.md, "Warm-up"); a contact center runs for days, so by default that is not measured.
  if (WARMUP > 0) {
    log(`inbound warm-up: ${RATE}/s for ${WARMUP} s`);
    await drive(post, updates(RATE, WARMUP), RATE, pid);
  }
  log(`inbound: ${RATE}/s for ${SECONDS} s (+1 s not counted)`);
  const { result: step, ...times } = await serverTimes(server.url, () => drive(post, updates(RATE, SECONDS + 1), RATE, pid));

  let findMax: { highest_good_rate: number | null; highest_kept_up_rate: number | null; steps: Step[] } | undefined;
  if (values['find-max']) {
    // Two answers: the highest rate with p99 ≤ --max-p99 (the issue's "sustainable"), and, stepping on
    // until the server falls behind, the highest at which every update was still acknowledged within
    // the run and its second after (throughput, where a shared machine's latency tail says little).
    const steps: Step[] = [];
    let good: number | null = null;
    let keptUp: number | null = null;
    let tailTooLong = false;
    for (let rate = RATE; steps.length < 20; rate = Math.round(rate * Number(values.step))) {
      await settle(databaseUrl, pid);
      log(`find-max: ${rate}/s`);
      const s = await drive(post, updates(rate, SECONDS + 1), rate, pid);
      steps.push(s);
      if (s.failures > 0 || s.acked < s.of) break;
      keptUp = rate;
      // The first step over the latency bound ends the good ones, even if a later one happens to pass.
      if (s.p99_ms === null || s.p99_ms > MAX_P99) tailTooLong = true;
      if (!tailTooLong) good = rate;
    }
    findMax = { highest_good_rate: good, highest_kept_up_rate: keptUp, steps };
  }
  return {
    part: 'inbound',
    shape: `webhook POST → 200 (stored); ${LEADS} chats, text updates, a bot without scripts (each update is also a bot job); no operator sockets open`,
    ...step,
    // Of the server during the measured run (warm-up second included).
    server: times,
    seconds: SECONDS,
    warmup: WARMUP,
    floor_shape:
      'floor.mjs --db --clients 1: bare HTTP → one SQLite insert → a frame to one WebSocket client. The nearest shape, as no operator sockets are open here; its latency ends at that frame, ours at the 200',
    floor: floor && {
      p50_ms: floor.p50_ms,
      p99_ms: floor.p99_ms,
      max_ms: floor.max_ms,
      delivered: floor.delivered,
      of: floor.of,
      cpu: floor.server_cpu_ms_per_msg,
    },
    ratio_p50: ratio(step.p50_ms, floor?.p50_ms),
    ratio_p99: ratio(step.p99_ms, floor?.p99_ms),
    ratio_cpu: ratio(step.server_cpu_ms_per_update, floor?.server_cpu_ms_per_msg),
    ...(findMax && { find_max: { max_p99_ms: MAX_P99, ...findMax } }),
  };
}

// ---------------------------------------------------------------------------------------------- outbound

/**
 * The time (Date.now) the stand-in answered each call. It lists every call in `calls` as it answers
 * it; stamping that push is the one place that sees every send without changing the stand-in.
 */
function stampCalls(tg: TelegramServer): Map<TelegramCall, number> {
  const at = new Map<TelegramCall, number>();
  const push = tg.calls.push.bind(tg.calls);
  tg.calls.push = (...calls: TelegramCall[]) => {
    const now = Date.now();
    for (const c of calls) at.set(c, now);
    return push(...calls);
  };
  return at;
}

/** Posts the updates in order, `parallel` at a time, as Telegram does over its webhook connections; the number acknowledged. */
async function postAll(post: Poster, bodies: string[], parallel: number): Promise<number> {
  let next = 0;
  let acked = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const status = await new Promise<number>((r) => post(body, r));
      if (status === 200) acked++;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return acked;
}

/**
 * Waits (up to two minutes) until the server has run every bot job that is due (an acknowledged update
 * may still be one) and then uses under 10% of a core, so that a measurement does not start behind the
 * last one's backlog. Seconds waited.
 */
async function settle(databaseUrl: string, pid: number): Promise<number> {
  const t0 = Date.now();
  const storage = openStorage(databaseUrl);
  try {
    for (;;) {
      const { n } = await storage.db
        .selectFrom('bot_jobs')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('status', '=', 'pending')
        .where('run_at', '<=', Date.now())
        .executeTakeFirstOrThrow();
      if (Number(n) === 0 || Date.now() - t0 > 120_000) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await storage.close();
  }
  for (let before = cpuMs(pid); Date.now() - t0 < 120_000;) {
    await new Promise((r) => setTimeout(r, 500));
    const now = cpuMs(pid);
    if (now - before < 50) break;
    before = now;
  }
  return round((Date.now() - t0) / 1000, 1);
}

async function waitFor(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

/** The most sends in any 1000 ms window (Telegram's per-bot limit is over a sliding second, as the stand-in checks it). */
function maxInAnySecond(times: number[]): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

async function outbound(tg: TelegramServer, server: ServerProcess, databaseUrl: string, c: Connected) {
  const perChat = Math.ceil(REPLIES / CHATS);
  const n = perChat * CHATS;
  // Message k of every chat before message k + 1 of any: the chats write at the same time.
  const bodies = textUpdates(tg, c.token, { count: n, chats: CHATS, chatBase: OUTBOUND_CHAT_BASE });
  const idleWaitS = await settle(databaseUrl, server.child.pid!);
  const at = stampCalls(tg);
  tg.enforceLimits({ clock: Date.now });
  const violations0 = tg.violations;
  const ceiling = Math.min(PER_BOT_PER_S, CHATS * PER_CHAT_PER_S);
  // The fastest Telegram allows: a chat's replies a second apart, and no more than 30 in any second per bot.
  const idealSeconds = Math.max((perChat - 1) / PER_CHAT_PER_S, Math.ceil(n / PER_BOT_PER_S) - 1);
  log(`outbound: ${n} lead messages over ${CHATS} chats, limits enforced; Telegram allows ${ceiling}/s, at best ${idealSeconds} s`);

  const t0 = Date.now();
  const acked = await postAll(webhookPoster(server.port, c), bodies, 8);
  const postedS = (Date.now() - t0) / 1000;
  const complete = await waitFor(() => tg.sent(c.token).length >= n, Math.max(60, idealSeconds * 5) * 1000);

  const sends = tg.calls.filter((x) => x.token === c.token && x.methodLower === 'sendmessage');
  const ok = sends.filter((x) => x.response?.status === 200).map((x) => ({ chat: String(x.params.chat_id), at: at.get(x) ?? NaN }));
  const refused = sends.filter((x) => x.response?.status === 429);
  const lastReplyAt = Math.max(...ok.map((s) => s.at));
  const elapsedS = (lastReplyAt - t0) / 1000;
  return {
    part: 'outbound',
    replies: ok.length,
    of: n,
    complete,
    chats: CHATS,
    // Seconds the server needed first to finish the inbound part's bot jobs.
    settled_in_s: idleWaitS,
    updates_acked: acked,
    updates_posted_in_s: round(postedS),
    first_reply_s: round((Math.min(...ok.map((s) => s.at)) - t0) / 1000),
    elapsed_s: round(elapsedS),
    replies_per_s: round(ok.length / elapsedS, 1),
    telegram_allows_per_s: ceiling,
    per_chat_per_s: PER_CHAT_PER_S,
    per_bot_per_s: PER_BOT_PER_S,
    ideal_elapsed_s: idealSeconds,
    // What the stand-in saw of the pacing: the closest two sends to one chat, the most in any second.
    min_gap_per_chat_ms: minGapPerChat(ok),
    max_per_bot_in_any_second: maxInAnySecond(ok.map((s) => s.at).sort((a, b) => a - b)),
    violations: tg.violations - violations0,
    answered_429: refused.length,
    ...explain429s(refused, sends, ok, at),
  };
}

function minGapPerChat(sends: { chat: string; at: number }[]): number | null {
  const last = new Map<string, number>();
  let min = Infinity;
  for (const s of [...sends].sort((a, b) => a.at - b.at)) {
    const prev = last.get(s.chat);
    if (prev !== undefined) min = Math.min(min, s.at - prev);
    last.set(s.chat, s.at);
  }
  return Number.isFinite(min) ? min : null;
}

/**
 * What each 429 was for, as the stand-in decides it: the chat's previous accepted send less than a
 * second before (per chat), or 30 accepted in the second before (per bot); and whether the next send
 * to that chat waited out retry_after (the outbox puts the message back for exactly that long).
 */
function explain429s(refused: TelegramCall[], sends: TelegramCall[], accepted: { chat: string; at: number }[], at: Map<TelegramCall, number>) {
  const chatGaps: number[] = [];
  let perBot = 0;
  let waited = 0;
  let minWaitMs = Infinity;
  for (const r of refused) {
    const t = at.get(r)!;
    const chat = String(r.params.chat_id);
    const before = accepted.filter((s) => s.chat === chat && s.at <= t).at(-1);
    if (before && t - before.at < 1000) chatGaps.push(t - before.at);
    if (accepted.filter((s) => s.at > t - 1000 && s.at <= t).length >= PER_BOT_PER_S) perBot++;
    const retryAfterMs = Number((r.response?.body as { parameters?: { retry_after?: number } }).parameters?.retry_after ?? 0) * 1000;
    const next = sends.find((s) => s !== r && String(s.params.chat_id) === chat && at.get(s)! > t);
    if (!next) continue;
    const wait = at.get(next)! - t;
    minWaitMs = Math.min(minWaitMs, wait);
    if (wait >= retryAfterMs) waited++;
  }
  chatGaps.sort((a, b) => a - b);
  if (refused.length === 0) return {};
  return {
    refused_per_chat: chatGaps.length,
    refused_per_bot: perBot,
    // How long after the chat's last accepted send a refused one came: just under 1000 ms is pacing without a margin.
    per_chat_gap_ms: { min: chatGaps[0] ?? null, p50: quantile(chatGaps, 0.5), max: chatGaps.at(-1) ?? null },
    retried_after_retry_after: waited,
    min_retry_wait_ms: Number.isFinite(minWaitMs) ? minWaitMs : null,
  };
}

// ---------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  // The floor first, before our server starts, so the two never share the cores.
  log(`floor: node ../shared/bench/floor.mjs --db --clients 1 --rate ${RATE} --seconds ${SECONDS}`);
  const floor = values['skip-floor'] ? null : await runFloor({ rate: RATE, seconds: SECONDS, clients: 1 });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metadesk-bench-tg-'));
  const databaseUrl = values.db ?? `sqlite:${path.join(dir, 'bench.db')}`;
  const tg = await startTelegramServer();
  let server: ServerProcess | undefined;
  try {
    const port = await freePort();
    const env = { DATABASE_URL: databaseUrl, TELEGRAM_API_ROOT: tg.url, PUBLIC_URL: `http://127.0.0.1:${port}`, PORT: String(port), LOG_LEVEL: 'warn' };
    server = await startServer(env, [], values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : []);
    const seeded = await seed(databaseUrl);
    const quiet = await connectTelegram(tg, server, seeded.adminToken, seeded.quietBotId, 'Telegram (bench inbound)');
    const answering = await connectTelegram(tg, server, seeded.adminToken, seeded.answeringBotId, 'Telegram (bench outbound)');

    const db = databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'postgres';
    // The machine is shared: how busy it was before and after each part (1-minute load average, and the
    // share of the last 10 s in which some task waited for a CPU, from /proc/pressure/cpu where there is one).
    const load = () => {
      const psi = fs.existsSync('/proc/pressure/cpu') ? /avg10=([\d.]+)/.exec(fs.readFileSync('/proc/pressure/cpu', 'utf8'))?.[1] : undefined;
      return `${round(os.loadavg()[0]!, 1)}${psi ? ` (${Math.round(Number(psi))}% waiting)` : ''}`;
    };
    let load0 = load();
    const inResult = { db, ...(await inbound(tg, server, databaseUrl, quiet, floor)), machine_load: [load0, load()] };
    process.stdout.write(`${JSON.stringify(inResult)}\n`);
    load0 = load();
    const outResult = values['skip-outbound'] ? null : { db, ...(await outbound(tg, server, databaseUrl, answering)), machine_load: [load0, load()] };
    if (outResult) process.stdout.write(`${JSON.stringify(outResult)}\n`);

    process.stdout.write(
      `${JSON.stringify({
        part: 'summary',
        db,
        inbound: `${inResult.acked}/${inResult.of} acked at ${RATE}/s, p50 ${inResult.p50_ms} / p99 ${inResult.p99_ms} ms (floor ${floor?.p50_ms ?? '–'} / ${floor?.p99_ms ?? '–'}: ${inResult.ratio_p50 ?? '–'}× / ${inResult.ratio_p99 ?? '–'}×), CPU ${inResult.server_cpu_ms_per_update} ms/update (${inResult.ratio_cpu ?? '–'}× the floor's)`,
        ...(inResult.find_max && { max_rate_p99_ok: inResult.find_max.highest_good_rate, max_rate_kept_up: inResult.find_max.highest_kept_up_rate }),
        ...(outResult && {
          outbound: `${outResult.replies}/${outResult.of} replies in ${outResult.elapsed_s} s = ${outResult.replies_per_s}/s (Telegram allows ${outResult.telegram_allows_per_s}/s, at best ${outResult.ideal_elapsed_s} s), ${outResult.violations} violations`,
        }),
      })}\n`,
    );
  } finally {
    await server?.stop();
    await tg.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:telegram failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
