import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { statementCache } from './statements';

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
  db.exec(`create table t (id integer primary key, name text, n real, data blob, missing text);
           insert into t (name, n, data) values ('a', 1.5, x'0102'), ('b', null, null);`);
});
afterEach(() => db.close());

/** What better-sqlite3 itself makes of the same query, for comparison. */
const plain = (sql: string, params: unknown[] = []) => db.prepare(sql).all(params);

it('reads rows as the same objects better-sqlite3 makes, for every kind of value and name', () => {
  const prepare = statementCache(db, 10);
  for (const sql of [
    'select * from t order by id',
    'select id, name as "weird name", n * 2 as "2n", data from t where id = ?',
    // A repeated name: the last column wins, as in better-sqlite3's own objects.
    'select id as x, name as x from t order by id',
  ]) {
    const params = sql.includes('?') ? [1] : [];
    expect(prepare(sql).all(params)).toEqual(plain(sql, params));
  }
  const rows = prepare('select * from t order by id').all([]) as Record<string, unknown>[];
  expect(Object.keys(rows[0]!)).toEqual(['id', 'name', 'n', 'data', 'missing']);
  expect(Buffer.isBuffer(rows[0]!.data)).toBe(true);
});

it('keeps a column named __proto__ as a plain field (the prototype stays Object.prototype)', () => {
  const [row] = statementCache(db, 10)('select name as "__proto__" from t where id = 1').all([]) as object[];
  expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
  expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toBe('a');
});

it('runs writes, returns rows of RETURNING, iterates, and reuses one statement per SQL text', () => {
  const prepare = statementCache(db, 2);
  const insert = prepare('insert into t (name) values (?)');
  expect(insert.reader).toBe(false);
  expect(insert.run(['c'])).toMatchObject({ changes: 1, lastInsertRowid: 3 });
  const returning = prepare('update t set name = ? where id = ? returning id, name');
  expect(returning.reader).toBe(true);
  expect(returning.all(['z', 3])).toEqual([{ id: 3, name: 'z' }]);
  expect([...prepare('select id from t order by id').iterate([])]).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  expect(prepare('select id from t order by id')).toBe(prepare('select id from t order by id'));
});
