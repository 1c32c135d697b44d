// Test harness: a fresh database per test file, on every dialect this machine can reach.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import pg from 'pg';
import pino from 'pino';
import { loadConfig, type Config } from '../server/config';
import { createRuntime, type Runtime } from '../server/compose';

export type Dialect = 'sqlite' | 'postgres';

const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
let pgReachable: boolean | undefined;

async function canReachPostgres(): Promise<boolean> {
  if (pgReachable !== undefined) return pgReachable;
  const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  pgReachable = await c.connect().then(
    () => true,
    () => false,
  );
  await c.end().catch(() => undefined);
  if (!pgReachable) {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL is required in CI but ${PG_ADMIN_URL} is unreachable`);
    console.warn(`[metadesk tests] PostgreSQL not reachable at ${PG_ADMIN_URL}: PostgreSQL runs are skipped`);
  }
  return pgReachable;
}

/** The dialects to run integration tests on: SQLite always, PostgreSQL when reachable (required in CI). */
export async function dialects(): Promise<Dialect[]> {
  return (await canReachPostgres()) ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** A new empty database of the given dialect; returns its URL and a dropper. */
export async function freshDatabase(dialect: Dialect): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `md_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metadesk-'));
    return { url: `sqlite:${path.join(dir, `${name}.db`)}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      // pg's pool.end() resolves before its sockets are closed; a forced drop would kill them and
      // surface as an uncaught error, so wait for them to go (55006: database in use) and drop plainly.
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        for (let attempt = 0; ; attempt++) {
          try {
            await c.query(`drop database if exists ${name}`);
            break;
          } catch (err) {
            if ((err as { code?: string }).code !== '55006' || attempt >= 100) throw err;
            await new Promise((r) => setTimeout(r, 20));
          }
        }
      } finally {
        await c.end();
      }
    },
  };
}

export interface TestRuntime extends Runtime {
  config: Config;
  /** Closes the runtime and drops its database. */
  dispose(): Promise<void>;
}

/** A migrated runtime on a fresh database; `env` overrides configuration, `log` captures the logs. */
export async function testRuntime(dialect: Dialect, env: Record<string, string> = {}, log?: pino.Logger): Promise<TestRuntime> {
  const { url, drop } = await freshDatabase(dialect);
  // Attachments go to a folder of the test's own, never to the project's ./data.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'metadesk-data-'));
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', WEBHOOK_ALLOW_PRIVATE: 'true', DATA_DIR: dataDir, ...env });
  const rt = await createRuntime(config, log ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  return {
    ...rt,
    config,
    async dispose() {
      await rt.close();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
