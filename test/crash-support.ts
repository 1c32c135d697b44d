// What the crash tests (crash.int.test.ts for the API channel, crash-telegram.int.test.ts for Telegram)
// share: the bot that answers everything, a read-only view of the database, the processes and
// clean-ups of one test, and the environment of a process that may share its work with another.
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach } from 'vitest';
import { openStorage } from '../server/storage/db';
import type { DB } from '../server/storage/schema';
import type { Dialect } from './harness';
import type { ServerProcess } from './server-process';

/** A bot whose every answer is one text: the fallback answers anything, a first contact included (no start script). */
export const CRASH_BOT = {
  format: 'metadesk.bot',
  version: 1,
  bot: { name: 'Crash bot' },
  scripts: [{ code: 'noted', name: 'Noted', type: 'fallback', entries: [], commands: [{ type: 'send_text', text: 'Noted, {{name}}.' }] }],
};

/** Deliveries one process runs at once to one channel (the outbox's maxPerChannel: maxInFlight 8 / 2). */
export const DELIVERY_SLOTS_PER_PROCESS = 4;

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Reads the database without writing to it: SQLite opened read-only, PostgreSQL through a plain pool. */
export function openReader(url: string): { db: Kysely<DB>; close: () => Promise<void> } {
  if (!url.startsWith('sqlite:')) return openStorage(url);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: new Database(url.slice('sqlite:'.length), { readonly: true, fileMustExist: true }) }) });
  return { db, close: () => db.destroy() };
}

/**
 * The server processes and clean-ups of one test, ended after it (servers stopped, clean-ups run last
 * first); a failed test prints the end of each server's output.
 */
export function useCrashScene(): { servers: ServerProcess[]; cleanups: (() => Promise<void>)[] } {
  const servers: ServerProcess[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async (test) => {
    if (test.task.result?.state === 'fail') for (const s of servers) console.log(`--- server on port ${s.port}:\n${s.output().slice(-5_000)}`);
    await Promise.all(servers.splice(0).map((s) => s.stop()));
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  return { servers, cleanups };
}

/** On PostgreSQL two processes share the work: they need Redis, on a channel of this test's own. */
export function sharingEnv(dialect: Dialect, tag: string): Record<string, string> {
  if (dialect !== 'postgres') return {};
  return { REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_CHANNEL: `metadesk:${tag}:${process.pid}:${Date.now().toString(36)}` };
}
