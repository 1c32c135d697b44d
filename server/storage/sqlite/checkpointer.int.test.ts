import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { sql, type Generated, type Kysely } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { openStorage, type Storage } from '../db';
import { startCheckpointer, type WalRestart } from './checkpointer';
import type { SqliteDialectOptions } from './dialect';

let dir = '';
let storage: Storage | undefined;
afterEach(async () => {
  await storage?.close();
  storage = undefined;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A storage on a fresh file with one table of notes. */
async function notesStorage(options: Omit<SqliteDialectOptions, 'warn'> = {}) {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metadesk-ckpt-'));
  const file = path.join(dir, 'db.sqlite');
  storage = openStorage(`sqlite:${file}`, undefined, options);
  const db = storage.db as unknown as Kysely<{ notes: { id: Generated<number>; body: string } }>;
  await db.schema
    .createTable('notes')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('body', 'text')
    .execute();
  return { db, file };
}

it('copies committed writes into the database file while the server runs (no checkpoint on the main connection)', async () => {
  const { db, file } = await notesStorage();
  // Far past the 1,000 WAL pages at which SQLite would checkpoint inside a commit.
  for (let i = 0; i < 40; i++) {
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('notes')
        .values(Array.from({ length: 100 }, (_, j) => ({ body: `${i}-${j} ${'x'.repeat(400)}` })))
        .execute();
    });
  }
  // A copy of the database file alone (no WAL) is what a file backup would hold: it fills up. A copy
  // taken while the checkpointer is writing pages can be torn ("malformed"): that one counts as not yet.
  const rowsInFileAlone = () => {
    const copy = path.join(dir, `copy-${Date.now()}.sqlite`);
    fs.copyFileSync(file, copy);
    const c = new Database(copy, { readonly: true });
    try {
      return (c.prepare("select count(*) as n from sqlite_master where name = 'notes'").get() as { n: number }).n === 1
        ? (c.prepare('select count(*) as n from notes').get() as { n: number }).n
        : 0;
    } catch (err) {
      if (err instanceof Error && /malformed/.test(err.message)) return -1;
      throw err;
    } finally {
      c.close();
    }
  };
  await until(() => rowsInFileAlone() === 4_000);
  const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db);
  expect(rows[0]?.wal_autocheckpoint).toBe(0);
});

/** The WAL header's checkpoint sequence number: SQLite adds one each time the WAL starts over. */
function walRewinds(file: string): number {
  const header = Buffer.alloc(16);
  const fd = fs.openSync(`${file}-wal`, 'r');
  try {
    return fs.readSync(fd, header, 0, 16, 0) === 16 ? header.readUInt32BE(12) : 0;
  } finally {
    fs.closeSync(fd);
  }
}

it('rewinds the WAL under sustained writes, so it does not grow without bound, and never cuts into a transaction', async () => {
  const rewinds: WalRestart[] = [];
  const { db, file } = await notesStorage({ checkpointIntervalMs: 10, restartFrames: 500, onWalRestart: (r) => rewinds.push(r) });
  const body = 'x'.repeat(1_000);
  const first = walRewinds(file);
  const walBytes = () => fs.statSync(`${file}-wal`).size;
  // Without rewinds the WAL holds every frame appended; rewound, its file is reused from the start.
  const appendedBytes = () => rewinds.reduce((sum, r) => sum + r.frames, 0) * (4096 + 24);
  // Writes without pause, as a server under full load does: the checkpoint thread's passes never
  // find the WAL wholly copied. Each transaction waits on the event loop between its two inserts.
  // Until the WAL has started over five times and four times its file's size has gone through it
  // (how long one stretch between rewinds lasts depends on how busy the machine is: no size is assumed).
  let transactions = 0;
  while (rewinds.filter((r) => !r.busy).length < 5 || appendedBytes() < 4 * walBytes()) {
    if (transactions === 30_000) {
      throw new Error(`the WAL grows with what is written: ${walBytes()} bytes after ${rewinds.length} rewinds of ${appendedBytes()} bytes`);
    }
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('notes').values({ body }).execute();
      await new Promise((r) => setImmediate(r));
      await tx.insertInto('notes').values({ body }).execute();
    });
    transactions++;
  }
  expect(walRewinds(file)).toBeGreaterThanOrEqual(first + 5);
  const { n } = await db
    .selectFrom('notes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  expect(n).toBe(transactions * 2);
});

it('reports a checkpoint thread that cannot work, so the caller checkpoints itself again', async () => {
  const failures: string[] = [];
  const c = startCheckpointer('/nonexistent/dir/db.sqlite', {
    intervalMs: 50,
    restartFrames: 1_000,
    holdMain: async () => () => undefined,
    onFailure: (why) => failures.push(why),
  });
  await until(() => failures.length > 0);
  expect(failures[0]).toMatch(/Cannot open database/);
  await c.stop();
});

it('keeps a process with nothing else to wait for alive through rewinds and its close (a CLI command writing a lot)', () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metadesk-ckpt-'));
  const db = pathToFileURL(path.resolve(import.meta.dirname, '../db.ts')).href;
  // No server, no timer but its own pauses: while the main connection is held for a rewind, and while the
  // thread makes its last checkpoint at close, only the thread's answer is awaited. Both used to end the
  // process on the spot (exit code 13: a top-level await never settled), the database still held.
  const script = `
    import { sql } from 'kysely';
    import { openStorage } from ${JSON.stringify(db)};
    let rewinds = 0;
    const s = openStorage(${JSON.stringify(`sqlite:${path.join(dir, 'cli.sqlite')}`)}, undefined, { restartFrames: 64, checkpointIntervalMs: 5, onWalRestart: () => rewinds++ });
    await sql\`create table notes (id integer primary key, body text)\`.execute(s.db);
    for (let round = 0; rewinds < 2 && round < 200; round++) {
      for (let i = 0; i < 20; i++) await sql\`insert into notes (body) values (\${'x'.repeat(4000)})\`.execute(s.db);
      // Between two steps (a file read, a prompt) the event loop turns and the thread asks for a rewind.
      await new Promise((r) => setTimeout(r, 20));
      await sql\`select max(id) from notes\`.execute(s.db);
    }
    await s.close();
    console.log('closed after', rewinds, 'rewinds');
  `;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: path.resolve(import.meta.dirname, '../../..'),
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.stderr).toBe('');
  expect(run.stdout).toMatch(/closed after [2-9]\d* rewinds/);
  expect(run.status).toBe(0);
});
