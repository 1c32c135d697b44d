import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, freshDatabase } from '../../../test/harness';
import { openStorage, type Storage } from '../db';
import { migrationProvider } from './index';

const BEFORE = '20261206_0018_report_dialogs_by_time';
const THIS = '20261207_0019_event_log_lean';

describe.each(await dialects())('migration %s: the event log without its time index, the facts stored by their key', (dialect) => {
  let store: Storage;
  let drop: () => Promise<void>;
  let migrator: Migrator;
  beforeAll(async () => {
    const fresh = await freshDatabase(dialect);
    drop = fresh.drop;
    store = openStorage(fresh.url);
    migrator = new Migrator({ db: store.db, provider: migrationProvider });
    const { error } = await migrator.migrateTo(BEFORE);
    if (error) throw error;
  });
  afterAll(async () => {
    await store?.close();
    await drop?.();
  });

  const migrate = async (to: string) => {
    const { error } = await migrator.migrateTo(to);
    if (error) throw error;
  };
  const rows = async () => ({
    events: await sql`select business_id, seq, type, data, created_at from events order by business_id, seq`.execute(store.db).then((r) => r.rows),
    facts: await sql`select * from report_events order by business_id, seq`.execute(store.db).then((r) => r.rows),
  });
  const indexes = async (table: string) =>
    dialect === 'sqlite'
      ? (
          await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = ${table} and sql is not null order by name`.execute(
            store.db,
          )
        ).rows.map((r) => r.name)
      : (
          await sql<{
            name: string;
          }>`select indexname as name from pg_indexes where tablename = ${table} and indexname <> ${`${table}_pk`} order by indexname`.execute(store.db)
        ).rows.map((r) => r.name);
  const withoutRowid = async (table: string) =>
    (await sql<{ wr: number }>`select wr from pragma_table_list where name = ${table}`.execute(store.db)).rows[0]?.wr === 1;

  it('keeps every event and fact up and down; the log loses its time index, the facts their rowid', async () => {
    await sql`insert into events (business_id, seq, type, data, created_at) values (1, 1, 'a', '{}', 10), (1, 2, 'b', '{"x":1}', 20), (2, 1, 'c', '{}', 15)`.execute(
      store.db,
    );
    await sql`insert into report_events (business_id, seq, at, kind, dialog_id, bot_id, channel_id, department_id, operator_id, value, opened_at)
      values (1, 2, 20, 'lead_message', 7, 3, 4, null, null, null, 19), (2, 1, 15, 'closed', 8, 3, 5, 6, 9, 4, 11)`.execute(store.db);
    const before = await rows();
    expect(await indexes('events')).toContain('events_created');

    await migrate(THIS);
    expect(await rows()).toEqual(before);
    expect(await indexes('events')).not.toContain('events_created');
    expect(await indexes('report_events')).toEqual(['report_events_dialogs', 'report_events_kind_at']);
    if (dialect === 'sqlite') expect(await withoutRowid('report_events')).toBe(true);
    // The key still refuses a second fact with the same seq.
    await expect(sql`insert into report_events (business_id, seq, at, kind) values (1, 2, 30, 'closed')`.execute(store.db)).rejects.toThrow();

    await migrate(BEFORE);
    expect(await rows()).toEqual(before);
    expect(await indexes('events')).toContain('events_created');
    if (dialect === 'sqlite') expect(await withoutRowid('report_events')).toBe(false);
  });
});
