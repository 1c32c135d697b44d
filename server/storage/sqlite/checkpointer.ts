import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';

// SQLite copies the WAL back into the database file ("checkpoint") inside whichever commit pushes
// the WAL past 1,000 pages. With better-sqlite3 that commit runs on the event loop, so about one
// request in a hundred stalled for the copy and its fsyncs: the p99 of the whole server. Instead the
// main connection never checkpoints and a worker thread with its own connection does, a PASSIVE
// checkpoint (never blocks the writer or readers) every interval.

/** The worker's code: plain JavaScript, so it runs under any loader (tsx, vitest, node). */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage(String(err)); }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); try { db.pragma('wal_checkpoint(PASSIVE)'); } finally { db.close(); process.exit(0); } });
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/**
 * Checkpoints `file`'s WAL from a worker thread every `intervalMs`. `onFailure` hears about a
 * checkpoint error or a dead worker; the caller then checkpoints on its own connection again.
 */
export function startCheckpointer(file: string, intervalMs: number, onFailure: (why: string) => void): Checkpointer {
  const betterSqlite3 = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { file, intervalMs, betterSqlite3 } });
  let stopping = false;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      if (!stopping) onFailure(`checkpoint worker exited with ${code}`);
      resolve();
    }),
  );
  worker.on('message', (why: string) => onFailure(why));
  worker.on('error', (err) => onFailure(String(err)));
  worker.unref();
  return {
    async stop() {
      stopping = true;
      worker.postMessage('stop');
      await exited;
    },
  };
}
