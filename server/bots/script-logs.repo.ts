import type { Selectable } from 'kysely';
import type { Executor } from '../storage/db';
import type { ScriptLogsTable } from '../storage/schema';

export type ScriptLogRow = Selectable<ScriptLogsTable>;

/** A page of a bot's log lines, newest first; one extra row is read to tell whether more exist. */
export async function listBotLogLines(
  db: Executor,
  botId: number,
  f: { leadId?: number | undefined; level?: ScriptLogRow['level'] | undefined; before?: number | undefined; limit: number },
): Promise<{ rows: ScriptLogRow[]; hasMore: boolean }> {
  let q = db.selectFrom('script_logs').selectAll().where('bot_id', '=', botId);
  if (f.leadId !== undefined) q = q.where('lead_id', '=', f.leadId);
  if (f.level !== undefined) q = q.where('level', '=', f.level);
  if (f.before !== undefined) q = q.where('id', '<', f.before);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  return { rows: rows.slice(0, f.limit), hasMore: rows.length > f.limit };
}

/** Drops log lines older than `before`; returns how many. */
export async function pruneScriptLogs(db: Executor, before: number): Promise<number> {
  const r = await db.deleteFrom('script_logs').where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
