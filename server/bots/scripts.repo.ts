import type { Selectable } from 'kysely';
import { z } from 'zod';
import { Command, Entry, type ScriptBody, type ScriptType } from '../../contracts/scripts';
import type { Executor } from '../storage/db';
import { parseColumn } from '../storage/json-column';
import type { ScriptsTable } from '../storage/schema';

/** scripts.entries and scripts.commands: what ScriptBody validated when the script was saved. */
export const Entries = z.array(Entry);
export const Commands = z.array(Command);

/** A stored script with its JSON columns parsed and checked. */
export interface StoredScript {
  id: number;
  businessId: number;
  botId: number;
  code: string;
  name: string;
  type: ScriptType;
  entries: Entry[];
  commands: Command[];
  version: number;
  createdAt: number;
  updatedAt: number;
}

function parse(r: Selectable<ScriptsTable>): StoredScript {
  return {
    id: r.id,
    businessId: r.business_id,
    botId: r.bot_id,
    code: r.code,
    name: r.name,
    type: r.type,
    entries: parseColumn(Entries, r.entries, `scripts.entries of script ${r.id}`),
    commands: parseColumn(Commands, r.commands, `scripts.commands of script ${r.id}`),
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The script as an author wrote it: what versions store and exports carry. */
export function bodyOf(s: StoredScript): ScriptBody {
  return { code: s.code, name: s.name, type: s.type, entries: s.entries, commands: s.commands };
}

/** Every script of a bot, oldest first. */
export async function listScriptsOfBot(db: Executor, botId: number): Promise<StoredScript[]> {
  const rows = await db.selectFrom('scripts').selectAll().where('bot_id', '=', botId).orderBy('id').execute();
  return rows.map(parse);
}

export async function findScript(db: Executor, botId: number, code: string): Promise<StoredScript | undefined> {
  const row = await db.selectFrom('scripts').selectAll().where('bot_id', '=', botId).where('code', '=', code).executeTakeFirst();
  return row && parse(row);
}

export async function findScriptById(db: Executor, botId: number, id: number): Promise<StoredScript | undefined> {
  const row = await db.selectFrom('scripts').selectAll().where('bot_id', '=', botId).where('id', '=', id).executeTakeFirst();
  return row && parse(row);
}

/** Adds a script at version 1. */
export async function insertScript(db: Executor, s: { businessId: number; botId: number; body: ScriptBody; now: number }): Promise<StoredScript> {
  const row = await db
    .insertInto('scripts')
    .values({
      business_id: s.businessId,
      bot_id: s.botId,
      code: s.body.code,
      name: s.body.name,
      type: s.body.type,
      entries: JSON.stringify(s.body.entries),
      commands: JSON.stringify(s.body.commands),
      version: 1,
      created_at: s.now,
      updated_at: s.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return parse(row);
}

/**
 * Replaces a script's content and bumps its version, only if it is still at `fromVersion`
 * (compare-and-set); undefined when someone else saved in between.
 */
export async function replaceScriptIfVersion(
  db: Executor,
  s: { id: number; fromVersion: number; body: ScriptBody; now: number },
): Promise<StoredScript | undefined> {
  const row = await db
    .updateTable('scripts')
    .set({
      name: s.body.name,
      type: s.body.type,
      entries: JSON.stringify(s.body.entries),
      commands: JSON.stringify(s.body.commands),
      version: s.fromVersion + 1,
      updated_at: s.now,
    })
    .where('id', '=', s.id)
    .where('version', '=', s.fromVersion)
    .returningAll()
    .executeTakeFirst();
  return row && parse(row);
}

/** Deletes a script and its history; false when it was changed or deleted in between. */
export async function deleteScriptIfVersion(db: Executor, id: number, version: number): Promise<boolean> {
  // The history goes first: SQLite only cascades with foreign keys on, and this must not depend on it.
  await db.deleteFrom('script_versions').where('script_id', '=', id).execute();
  const r = await db.deleteFrom('scripts').where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** Script codes and names of every bot of a business, in the bots' own order: what the workspace's pickers offer. */
export function listScriptNamesOfBusiness(db: Executor, businessId: number) {
  return db.selectFrom('scripts').select(['bot_id', 'code', 'name']).where('business_id', '=', businessId).orderBy('bot_id').orderBy('id').execute();
}
