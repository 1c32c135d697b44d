import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';

// SQLite copies the WAL back into the database file ("checkpoint") inside whichever commit pushes
// the WAL past 1,000 pages. With better-sqlite3 that commit runs on the event loop, so about one
// request in a hundred stalled for the copy and its fsyncs: the p99 of the whole server. Instead the
// main connection never checkpoints and a worker thread with its own connection does, a PASSIVE
// checkpoint (never blocks the writer or readers) every interval.
//
// A PASSIVE checkpoint alone never lets the WAL start over under sustained writes: SQLite rewinds the
// WAL only when a writer finds it wholly copied, and by the time the thread's copy and fsync end, the
// writer has appended more. The WAL then grows without bound (1.3 GB after 30 s at full speed) and the
// kernel spends a tenth of the CPU zeroing its new pages. So once the WAL is past `restartFrames`, the
// thread asks the main connection to stand still (no transaction open, queries wait asynchronously:
// the event loop is never blocked) while it copies the few frames its last pass missed and rewinds the
// WAL (a RESTART checkpoint).

/** The worker's code: plain JavaScript, so it runs under any loader (tsx, vitest, node). */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
let asked = false;
const timer = setInterval(() => {
  if (asked) return;
  try {
    let [r] = db.pragma('wal_checkpoint(PASSIVE)');
    if (r.log < workerData.restartFrames) return;
    // Catch up with what the writer appended during that pass, so the rewind (the main connection
    // waiting) has only a few frames to copy.
    for (let i = 0; i < 4; i++) {
      const [next] = db.pragma('wal_checkpoint(PASSIVE)');
      const appended = next.log - r.log;
      r = next;
      if (appended < 256) break;
    }
    asked = true;
    parentPort.postMessage({ type: 'restart' });
  } catch (err) { parentPort.postMessage({ type: 'failure', why: String(err) }); }
}, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'restart') {
    // Posted while the main connection stands still: nothing to wait for but this thread's own copy.
    try {
      const [r] = db.pragma('wal_checkpoint(RESTART)');
      parentPort.postMessage({ type: 'restarted', busy: r.busy === 1, frames: r.log });
    } catch (err) {
      parentPort.postMessage({ type: 'restarted', busy: true, frames: 0, why: String(err) });
    }
    asked = false;
    return;
  }
  clearInterval(timer);
  try { db.pragma('wal_checkpoint(PASSIVE)'); } finally { db.close(); process.exit(0); }
});
`;

export interface WalRestart {
  frames: number;
  ms: number;
  busy: boolean;
}

export interface CheckpointerOptions {
  intervalMs: number;
  /** WAL length (frames) past which it is rewound. */
  restartFrames: number;
  /** Waits until the main connection has no transaction or query open and keeps it so until `release`. */
  holdMain: () => Promise<() => void>;
  /** Hears about a checkpoint error or a dead worker; the caller then checkpoints on its own connection again. */
  onFailure: (why: string) => void;
  /** Hears each rewind of the WAL: its length then, how long the main connection stood still, `busy` if SQLite could not finish it (the next one will). */
  onRestart?: (result: WalRestart) => void;
}

export interface Checkpointer {
  stop(): Promise<void>;
}

type Restarted = { busy: boolean; frames: number; why?: string };
type FromWorker = { type: 'failure'; why: string } | { type: 'restart' } | ({ type: 'restarted' } & Restarted);

/** Checkpoints `file`'s WAL from a worker thread every `intervalMs`, rewinding it past `restartFrames`. */
export function startCheckpointer(file: string, options: CheckpointerOptions): Checkpointer {
  const betterSqlite3 = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { file, intervalMs: options.intervalMs, restartFrames: options.restartFrames, betterSqlite3 },
    // Plain CommonJS that needs none of the process's options (a `--input-type=module` would make it ESM).
    execArgv: [],
  });
  let stopping = false;
  let alive = true;
  let restarted: ((m: Restarted) => void) | undefined;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      alive = false;
      restarted?.({ busy: true, frames: 0, why: `checkpoint worker exited with ${code}` });
      if (!stopping) options.onFailure(`checkpoint worker exited with ${code}`);
      resolve();
    }),
  );

  const restart = async (): Promise<void> => {
    const release = await options.holdMain();
    const started = performance.now();
    try {
      if (!alive) return;
      const done = new Promise<Restarted>((resolve) => (restarted = resolve));
      // The thread's answer is all the main connection waits for: keep the process up for it, or one with
      // nothing else to do (a CLI command between two statements) would exit with its database held.
      worker.ref();
      worker.postMessage('restart');
      const result = await done;
      if (result.why && !stopping) options.onFailure(result.why);
      options.onRestart?.({ frames: result.frames, busy: result.busy, ms: performance.now() - started });
    } finally {
      worker.unref();
      restarted = undefined;
      release();
    }
  };

  worker.on('message', (m: FromWorker) => {
    if (m.type === 'failure') options.onFailure(m.why);
    else if (m.type === 'restarted') restarted?.(m);
    else if (!stopping) void restart();
  });
  worker.on('error', (err) => options.onFailure(String(err)));
  worker.unref();
  return {
    async stop() {
      stopping = true;
      // Its last checkpoint and exit are awaited: keep the process up for them.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
