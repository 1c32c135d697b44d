import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteDialect } from 'kysely';

const STATEMENT_CACHE_SIZE = 500;

/** Embedded SQLite: one file, WAL so readers never block the writer, foreign keys on. */
export function createSqliteDialect(file: string): { dialect: SqliteDialect; close: () => void } {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new Database(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // SQLite's lower() folds ASCII only; search must fold Cyrillic too, as PostgreSQL's lower() does.
  database.function('lower', { deterministic: true }, (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v));

  // Kysely prepares every query anew; preparing costs more than running our small queries, so keep
  // prepared statements by SQL text (the query builder yields a few hundred distinct texts at most).
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = database.prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      cache.set(sql, stmt);
    }
    return stmt;
  };
  return {
    dialect: new SqliteDialect({ database: { prepare, close: () => database.close() } }),
    close: () => database.close(),
  };
}
