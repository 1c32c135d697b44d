import type Database from 'better-sqlite3';
import type { SqliteStatement } from 'kysely';

// Kysely prepares every query anew; preparing costs more than running our small queries, so
// statements are kept by SQL text (the query builder yields a few hundred distinct texts at most).
//
// Rows are read as arrays and turned into objects by a function made once per statement: better-sqlite3
// builds each row object by setting its columns one by one, looking each name up in V8's string table
// and changing the object's shape at every column, which cost more than the query itself for a wide
// row (a lead has 30 columns). An object literal has one shape from the start, shared by every row of
// the statement.

/** Turns a row array into the object better-sqlite3 would have made (a repeated name: the last one wins, as there). */
function rowMaker(columns: string[]): (values: unknown[]) => unknown {
  // JSON-quoted, whatever a name holds it stays a string key; `__proto__` only as a computed key
  // (the plain form would set the prototype).
  const fields = columns.map((name, i) => `${name === '__proto__' ? '["__proto__"]' : JSON.stringify(name)}: v[${i}]`).join(', ');
  return new Function('v', `return { ${fields} };`) as (values: unknown[]) => unknown;
}

class ObjectRows implements SqliteStatement {
  readonly reader = true;
  private readonly make: (values: unknown[]) => unknown;

  constructor(private readonly stmt: Database.Statement) {
    stmt.raw(true);
    this.make = rowMaker(stmt.columns().map((c) => c.name));
  }

  all(parameters: ReadonlyArray<unknown>): unknown[] {
    const rows = this.stmt.all(parameters) as unknown[][];
    const out = new Array<unknown>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = this.make(rows[i]!);
    return out;
  }

  run(parameters: ReadonlyArray<unknown>): { changes: number | bigint; lastInsertRowid: number | bigint } {
    return this.stmt.run(parameters);
  }

  *iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown> {
    for (const row of this.stmt.iterate(parameters) as IterableIterator<unknown[]>) yield this.make(row);
  }
}

/** `prepare` for Kysely's SQLite dialect: cached statements (at most `size`), rows made as above. */
export function statementCache(database: Database.Database, size: number): (sql: string) => SqliteStatement {
  const cache = new Map<string, SqliteStatement>();
  return (sql) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      const prepared = database.prepare(sql);
      stmt = prepared.reader ? new ObjectRows(prepared) : prepared;
      if (cache.size >= size) cache.delete(cache.keys().next().value as string);
      cache.set(sql, stmt);
    }
    return stmt;
  };
}
