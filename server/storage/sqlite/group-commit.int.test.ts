import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql, type Generated, type Kysely, type Transaction } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { openStorage, transact, type Storage } from '../db';
import { GroupCommit } from './group-commit';
import { sqliteMetrics } from './metrics';

interface Notes {
  notes: { id: Generated<number>; body: string };
}

let dir = '';
let storage: Storage | undefined;
afterEach(async () => {
  await storage?.close();
  storage = undefined;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function notesDb(): Promise<{ db: Kysely<Notes>; file: string }> {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metadesk-group-'));
  const file = path.join(dir, 'db.sqlite');
  storage = openStorage(`sqlite:${file}`);
  const db = storage.db as unknown as Kysely<Notes>;
  await db.schema
    .createTable('notes')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('body', 'text', (c) => c.notNull().unique())
    .execute();
  return { db, file };
}

/** What another connection (another reader of the file) sees: only what was committed. */
function committedBodies(file: string): string[] {
  const other = new Database(file, { readonly: true });
  try {
    return (other.prepare('select body from notes order by id').all() as { body: string }[]).map((r) => r.body);
  } finally {
    other.close();
  }
}

const insert = (body: string) => async (tx: Transaction<Notes>) => {
  await tx.insertInto('notes').values({ body }).execute();
  return body;
};

it('commits the transactions asked for in one turn together, each answered only once its writes are committed', async () => {
  const { db, file } = await notesDb();
  const sizes: number[] = [];
  const group = new GroupCommit(db, (n) => sizes.push(n));
  const seen: string[][] = [];
  const done = ['a', 'b', 'c', 'd'].map((body) =>
    group.run(insert(body)).then((b) => {
      seen.push(committedBodies(file));
      return b;
    }),
  );
  expect(await Promise.all(done)).toEqual(['a', 'b', 'c', 'd']);
  expect(sizes).toEqual([4]);
  for (const s of seen) expect(s).toEqual(['a', 'b', 'c', 'd']);
});

it('rolls back only the transaction that failed; the others of its group commit', async () => {
  const { db, file } = await notesDb();
  const group = new GroupCommit(db);
  const results = await Promise.allSettled([
    group.run(insert('first')),
    group.run(async (tx) => {
      await tx.insertInto('notes').values({ body: 'half-done' }).execute();
      throw new Error('the use case refused');
    }),
    // A statement the database refuses (a duplicate of a unique column).
    group.run(insert('first')),
    group.run(async (tx) => {
      // Waits across turns of the event loop mid-transaction: nothing else runs on the connection meanwhile.
      await new Promise((r) => setImmediate(r));
      return insert('last')(tx);
    }),
  ]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
  expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'the use case refused' });
  expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/UNIQUE constraint failed/);
  expect(committedBodies(file)).toEqual(['first', 'last']);
});

it('runs a transaction asked for while a group commits in the next one, and a lone transaction as before', async () => {
  const { db, file } = await notesDb();
  const sizes: number[] = [];
  const group = new GroupCommit(db, (n) => sizes.push(n));
  let later: Promise<string> | undefined;
  await Promise.all([
    group.run(async (tx) => {
      later = group.run(insert('asked during the first group'));
      return insert('one')(tx);
    }),
    group.run(insert('two')),
  ]);
  await later;
  await group.run(insert('alone'));
  expect(sizes).toEqual([2, 1, 1]);
  expect(committedBodies(file)).toEqual(['one', 'two', 'asked during the first group', 'alone']);
});

it('answers no transaction of a group whose commit fails', async () => {
  const { db, file } = await notesDb();
  const group = new GroupCommit(db);
  const results = await Promise.allSettled([
    group.run(insert('kept only if the commit succeeds')),
    group.run(async (tx) => {
      // Ends the whole SQLite transaction under the group: its commit then has nothing to commit.
      await sql`rollback`.execute(tx);
      return 'done';
    }),
  ]);
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  expect(committedBodies(file)).toEqual([]);
  // The connection is usable afterwards.
  await group.run(insert('after'));
  expect(committedBodies(file)).toEqual(['after']);
});

it('groups the transactions of a SQLite storage (transact) and counts them in its metrics', async () => {
  const { file } = await notesDb();
  const value = async (c: { get(): Promise<{ values: { value: number }[] }> }) => (await c.get()).values[0]?.value ?? 0;
  const [commits, transactions] = [await value(sqliteMetrics.commits), await value(sqliteMetrics.transactions)];
  const storageDb = storage!.db;
  await Promise.all(['x', 'y', 'z'].map((body) => transact(storageDb, (tx) => insert(body)(tx as unknown as Transaction<Notes>))));
  expect(committedBodies(file)).toEqual(['x', 'y', 'z']);
  expect((await value(sqliteMetrics.commits)) - commits).toBe(1);
  expect((await value(sqliteMetrics.transactions)) - transactions).toBe(3);
});
