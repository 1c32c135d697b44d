import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteDialect, type Driver } from 'kysely';
import { startCheckpointer, type WalRestart } from './checkpointer';
import { sqliteMetrics } from './metrics';
import { sqliteRegexp } from './regexp';
import { statementCache } from './statements';

const STATEMENT_CACHE_SIZE = 500;

/** How often the checkpoint thread copies the WAL into the database file. */
const CHECKPOINT_INTERVAL_MS = 250;
/** WAL length (4 KB pages) past which the checkpoint thread rewinds it: a WAL file of at most ~32 MB. */
const RESTART_FRAMES = 8192;

export interface SqliteDialectOptions {
  warn?: (msg: string) => void;
  checkpointIntervalMs?: number;
  restartFrames?: number;
  onWalRestart?: (result: WalRestart) => void;
}

/** Kysely's SQLite dialect, keeping its driver so the checkpointer can wait for the one connection. */
class HoldableSqliteDialect extends SqliteDialect {
  driver: Driver | undefined;
  override createDriver(): Driver {
    this.driver = super.createDriver();
    return this.driver;
  }
  async hold(): Promise<() => void> {
    const driver = this.driver;
    if (!driver) return () => undefined;
    const connection = await driver.acquireConnection();
    return () => void driver.releaseConnection(connection);
  }
}

/**
 * Embedded SQLite: one file, WAL so readers never block the writer, foreign keys on, checkpoints
 * off the event loop. `warn` hears when the checkpoint thread fails (the connection then checkpoints
 * itself again, as SQLite does by default).
 */
export function createSqliteDialect(file: string, options: SqliteDialectOptions = {}): { dialect: SqliteDialect; close: () => Promise<void> } {
  const warn = options.warn ?? (() => undefined);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new Database(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // After a checkpoint the WAL is reused from its start; past a burst, truncate it back to 64 MB.
  database.pragma('journal_size_limit = 67108864');
  let checkpointer: ReturnType<typeof startCheckpointer> | undefined;
  if (file !== ':memory:') {
    database.pragma('wal_autocheckpoint = 0');
    checkpointer = startCheckpointer(database.name, {
      intervalMs: options.checkpointIntervalMs ?? CHECKPOINT_INTERVAL_MS,
      restartFrames: options.restartFrames ?? RESTART_FRAMES,
      holdMain: () => dialect.hold(),
      onRestart: (r) => {
        sqliteMetrics.walRewinds.inc();
        sqliteMetrics.walRewindWait.observe(r.ms / 1000);
        options.onWalRestart?.(r);
      },
      onFailure: (why) => {
        if (!database.open) return;
        database.pragma('wal_autocheckpoint = 1000');
        warn(`SQLite checkpoint thread failed, checkpointing on the main connection again: ${why}`);
      },
    });
  }
  // SQLite's lower() folds ASCII only; search must fold Cyrillic too, as PostgreSQL's lower() does.
  database.function('lower', { deterministic: true }, (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v));
  // `x REGEXP p` (bot.findLeads): linear-time matching, so no user pattern can backtrack catastrophically.
  database.function('regexp', { deterministic: true }, sqliteRegexp);

  const prepare = statementCache(database, STATEMENT_CACHE_SIZE);
  const dialect = new HoldableSqliteDialect({ database: { prepare, close: () => database.close() } });
  return {
    dialect,
    // The checkpoint thread stops first; the last connection to close checkpoints and removes the WAL.
    close: async () => {
      await checkpointer?.stop();
      if (database.open) database.close();
    },
  };
}
