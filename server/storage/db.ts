import { DEFAULT_MIGRATION_TABLE, Kysely, Migrator, sql, type Transaction } from 'kysely';
import type { DB } from './schema';
import { createSqliteDialect, type SqliteDialectOptions } from './sqlite/dialect';
import { GroupCommit } from './sqlite/group-commit';
import { sqliteMetrics } from './sqlite/metrics';
import { createPostgresDialect } from './postgres/dialect';
import { migrationProvider, migrations } from './migrations';

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
/** Either the database or an open transaction: repositories accept both. */
export type Executor = Kysely<DB>;

export interface Storage {
  db: Db;
  dialect: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

/**
 * Opens the database named by a DATABASE_URL (`sqlite:<file>` or `postgres://…`); `warn` hears about
 * trouble that does not stop the database (a failed SQLite checkpoint thread).
 */
export function openStorage(url: string, warn?: (msg: string) => void, sqlite: Omit<SqliteDialectOptions, 'warn'> = {}): Storage {
  if (url.startsWith('sqlite:')) {
    const { dialect, close } = createSqliteDialect(url.slice('sqlite:'.length), { ...sqlite, warn });
    const db = new Kysely<DB>({ dialect });
    grouped.set(
      db,
      new GroupCommit(db, (n) => {
        sqliteMetrics.commits.inc();
        sqliteMetrics.transactions.inc(n);
      }),
    );
    return {
      db,
      dialect: 'sqlite',
      close: async () => {
        await db.destroy();
        await close();
      },
    };
  }
  const { dialect } = createPostgresDialect(url);
  const db = new Kysely<DB>({ dialect });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

const grouped = new WeakMap<Db, GroupCommit<DB>>();

/**
 * Runs `work` in one transaction. On SQLite, transactions asked for in the same turn of the event
 * loop share one commit (sqlite/group-commit.ts); `work` must not keep the transaction waiting on
 * anything slow, as it holds the others' commit too.
 */
export function transact<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const group = grouped.get(db);
  return group ? group.run(work) : db.transaction().execute(work);
}

/** Applies every pending migration; throws with the failing migration's error. */
export async function migrateToLatest(db: Db): Promise<void> {
  // A restart mostly finds nothing to do: one read says so, where the migrator introspects every table
  // (twice) and takes its lock first.
  if (await upToDate(db)) return;
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${String(error)}`, { cause: error });
  }
}

/** Whether exactly the known migrations have run; on any doubt (no table yet, an error) the migrator decides. */
async function upToDate(db: Db): Promise<boolean> {
  const known = new Set(Object.keys(migrations));
  try {
    const { rows } = await sql<{ name: string }>`select name from ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(db);
    return rows.length === known.size && rows.every((r) => known.has(r.name));
  } catch {
    return false;
  }
}
