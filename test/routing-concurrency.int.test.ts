// Automatic distribution is exactly-once under real concurrency (docs/routing.md, "Exactly once"):
// real server processes on one fresh database (three on PostgreSQL, hearing each other through Redis;
// one on SQLite, whose deployment is a single process), 200 operators and hundreds of dialogs, and
// rounds of random operations fired at once at random processes over HTTP, racing with the drains
// they cause. After each round, once the queue is drained, the business's event log is replayed in
// seq (commit) order: the router only ever gave out a waiting dialog, to an Online operator under
// their limit at that point of the log, in the dialog's department, who had not let it go before; the
// database agrees with the log (one assignee per active dialog, each operator's load, status and
// limit); and no waiting dialog is left that an Online operator with room could take.
// ROUTING_SEED=<n> replays a run's plan of operations.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { redisReachable } from '../server/realtime/realtime.testkit';
import { migrateToLatest, openStorage } from '../server/storage/db';
import { openReader, seconds, sharingEnv, useCrashScene } from './crash-support';
import { dialects, freshDatabase, type Dialect } from './harness';
import { compareWithDatabase, LogReplay, takeableWaiting, type Snapshot } from './routing-concurrency/log-check';
import { prng } from './routing-concurrency/prng';
import { readSnapshot } from './routing-concurrency/snapshot';
import { planRound, seedScene, Traffic, type Op, type RoundSize } from './routing-concurrency/traffic';
import { startServer } from './server-process';

const OPERATORS = 200;
const DEPARTMENTS = 3;
const FIRST_ARRIVALS = 120;
const ROUNDS = 10;
/** An ordinary round; every third is a shift change: many leave (their dialogs go back to the queue) as many come Online. */
const ROUND: RoundSize = { arrivals: 35, offline: 10, online: 10, takes: 25, closes: 20 };
const SHIFT_CHANGE: RoundSize = { arrivals: 35, offline: 30, online: 30, takes: 25, closes: 10 };
/**
 * How long the router may go without giving a dialog out while one waits that an Online operator has
 * room for: less than the 30 s safety sweep, so a lost wake-up fails the run rather than being swept
 * up. A loaded machine makes drains slower, not stalled: as long as dialogs keep being given out, the
 * round waits for the queue up to DRAIN_WITHIN_MS (an "eventually", however busy the machine).
 */
const STALL_MS = 20_000;
const DRAIN_WITHIN_MS = 120_000;
const POLL_MS = 50;

const SEED = Number(process.env.ROUTING_SEED ?? Math.floor(Math.random() * 2 ** 31));
const useRedis = await redisReachable();

/** Runs the operations all at once, at most `width` in flight (the first batch of arrivals only). */
async function fire(ops: readonly Op[], width = ops.length): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < ops.length) await ops[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(width, ops.length) }, worker));
}

/** pino's error and fatal lines in a process's output. */
const errorLines = (output: string) => output.split('\n').filter((l) => /"level":(50|60)/.test(l));

describe.each(await dialects())('automatic distribution under concurrent load on %s', (dialect: Dialect) => {
  const { servers, cleanups } = useCrashScene();
  const processes = dialect === 'postgres' && useRedis ? 3 : 1;

  it(`gives each dialog to one operator at a time, never over a limit, and drains the queue (${processes} process${processes > 1 ? 'es' : ''})`, async () => {
    const startedAt = Date.now();
    const rand = prng(SEED);
    const { url, drop } = await freshDatabase(dialect);
    cleanups.push(drop);
    const storage = openStorage(url);
    await migrateToLatest(storage.db);
    const scene = await seedScene(storage.db, rand, { operators: OPERATORS, departments: DEPARTMENTS });
    await storage.close();

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'metadesk-routing-'));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const env = { DATABASE_URL: url, DATA_DIR: dataDir, SANDBOX_WORKERS: '1', ...sharingEnv(dialect, 'routing-concurrency') };
    servers.push(...(await Promise.all(Array.from({ length: processes }, () => startServer(env)))));
    // Several processes hear each other's events through Redis (which connects in the background).
    if (processes > 1) for (const s of servers) await expect.poll(async () => (await (await fetch(`${s.url}/healthz`)).json()).redis).toBe('connected');
    const reader = openReader(url);
    cleanups.push(() => reader.close());
    const traffic = new Traffic(
      scene,
      servers.map((s) => s.url),
    );

    // SQLite runs one transaction at a time, so the router's count is the one at its commit.
    const replay = new LogReplay(scene.operators, { strict: dialect === 'sqlite' });
    let mostWaiting = 0;
    const waitingWhenDrained: number[] = [];
    let polls = 0;
    /** Polls consistent snapshots, checking each against the log, until no waiting dialog can be given to anyone. */
    async function drained(after: string): Promise<Snapshot> {
      const deadline = Date.now() + DRAIN_WITHIN_MS;
      let progressAt = Date.now();
      let given = replay.routerAssignments;
      for (;;) {
        const { snapshot, events } = await readSnapshot(reader.db, dialect, scene.businessId, replay.seq);
        polls++;
        replay.apply(events, snapshot.membership);
        const mismatches = compareWithDatabase(replay, snapshot);
        expect({ after, seed: SEED, violations: replay.violations.slice(0, 20), mismatches: mismatches.slice(0, 20) }).toEqual({
          after,
          seed: SEED,
          violations: [],
          mismatches: [],
        });
        const waiting = snapshot.dialogs.filter((d) => d.state === 'waiting').length;
        mostWaiting = Math.max(mostWaiting, waiting);
        const takeable = takeableWaiting(snapshot);
        if (takeable.length === 0) {
          waitingWhenDrained.push(waiting);
          return snapshot;
        }
        if (replay.routerAssignments > given) [given, progressAt] = [replay.routerAssignments, Date.now()];
        const stalled = Date.now() - progressAt > STALL_MS;
        if (stalled || Date.now() > deadline) {
          const some = takeable
            .slice(0, 10)
            .map((d) => `dialog ${d.dialogId} (department ${d.departmentId}) could go to ${d.operatorIds.slice(0, 5).join(', ')}`);
          const why = stalled ? `${seconds(STALL_MS)} without the router giving any dialog out` : `${seconds(DRAIN_WITHIN_MS)}`;
          throw new Error(
            `seed ${SEED}, ${after}: ${takeable.length} of ${waiting} waiting dialogs still had an operator with room after ${why}:\n${some.join('\n')}`,
          );
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    }
    const checkRound = (after: string) => {
      expect({ after, seed: SEED, problems: traffic.problems.slice(0, 20) }).toEqual({ after, seed: SEED, problems: [] });
      expect({ after, seed: SEED, logged: servers.flatMap((s) => errorLines(s.output())).slice(0, 5) }).toEqual({ after, seed: SEED, logged: [] });
    };

    expect(
      (await traffic.call('settings', 0, 'PATCH', '/api/v1/business', scene.admin, { settings: { autoAssign: true, offlineDialogs: 'requeue' } })).status,
    ).toBe(200);
    const departmentCodes = scene.departments.map((d) => d.code);
    const first = Array.from({ length: FIRST_ARRIVALS }, () =>
      traffic.arrive(rand.chance(0.25) ? null : rand.pick(departmentCodes), [rand.int(0, processes - 1), rand.int(0, processes - 1)]),
    );
    await fire(first, 20);
    let state = await drained('the first arrivals');
    checkRound('the first arrivals');
    const roundTimes: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const t0 = Date.now();
      await fire(planRound(rand, traffic, state, round % 3 === 0 ? SHIFT_CHANGE : ROUND));
      state = await drained(`round ${round}`);
      checkRound(`round ${round}`);
      roundTimes.push(Date.now() - t0);
    }

    // The run did what it is for: every dialog arrived, many were closed, and the router gave dialogs out again (after releases and transfers).
    const byState = (s: string) => state.dialogs.filter((d) => d.state === s).length;
    expect(state.dialogs.length).toBe(FIRST_ARRIVALS + ROUNDS * ROUND.arrivals);
    expect(replay.routerAssignments).toBeGreaterThan(state.dialogs.length);
    expect(byState('closed')).toBeGreaterThan(ROUNDS * 10);
    console.log(
      JSON.stringify({
        test: 'routing-concurrency',
        dialect,
        processes,
        seed: SEED,
        seconds: (Date.now() - startedAt) / 1000,
        roundSeconds: roundTimes.map((ms) => ms / 1000),
        events: replay.seq,
        dialogs: { waiting: byState('waiting'), active: byState('active'), closed: byState('closed'), mostWaiting, waitingWhenDrained },
        routerAssignments: replay.routerAssignments,
        routerAssignmentsOnAnEarlierCount: replay.passedOnEarlierCount,
        polls,
        calls: Object.fromEntries([...traffic.tally].sort()),
      }),
    );
  }, 300_000); // three servers and a randomized load: minutes on a busy two-core machine
});
