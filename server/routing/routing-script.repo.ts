import type { Selectable } from 'kysely';
import type { Executor } from '../storage/db';
import type { RoutingLogsTable, RoutingScriptsTable } from '../storage/schema';

export type RoutingScriptRow = Selectable<RoutingScriptsTable>;
export type RoutingLogRow = Selectable<RoutingLogsTable>;

export async function findRoutingScript(db: Executor, businessId: number): Promise<RoutingScriptRow | undefined> {
  return db.selectFrom('routing_scripts').selectAll().where('business_id', '=', businessId).executeTakeFirst();
}

/** Whether the business decides routing with its own script. */
export async function hasRoutingScript(db: Executor, businessId: number): Promise<boolean> {
  return (await db.selectFrom('routing_scripts').select('business_id').where('business_id', '=', businessId).executeTakeFirst()) !== undefined;
}

export async function saveRoutingScript(db: Executor, r: { businessId: number; code: string; userId: number | null; now: number }): Promise<RoutingScriptRow> {
  await db.deleteFrom('routing_scripts').where('business_id', '=', r.businessId).execute();
  return db
    .insertInto('routing_scripts')
    .values({ business_id: r.businessId, code: r.code, updated_at: r.now, updated_by: r.userId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Returns whether there was one. */
export async function deleteRoutingScript(db: Executor, businessId: number): Promise<boolean> {
  const r = await db.deleteFrom('routing_scripts').where('business_id', '=', businessId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function appendRoutingLogs(
  db: Executor,
  o: { businessId: number; dialogId: number | null; lines: { level: RoutingLogRow['level']; message: string }[]; now: number },
): Promise<void> {
  if (o.lines.length === 0) return;
  await db
    .insertInto('routing_logs')
    .values(o.lines.slice(0, 100).map((l) => ({ business_id: o.businessId, dialog_id: o.dialogId, level: l.level, message: l.message, created_at: o.now })))
    .execute();
}

/** A page of the business's routing log, newest first; one extra row tells whether more exist. */
export async function listRoutingLogs(
  db: Executor,
  businessId: number,
  f: { dialogId?: number | undefined; before?: number | undefined; limit: number },
): Promise<{ rows: RoutingLogRow[]; hasMore: boolean }> {
  let q = db.selectFrom('routing_logs').selectAll().where('business_id', '=', businessId);
  if (f.dialogId !== undefined) q = q.where('dialog_id', '=', f.dialogId);
  if (f.before !== undefined) q = q.where('id', '<', f.before);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  return { rows: rows.slice(0, f.limit), hasMore: rows.length > f.limit };
}

/** Drops log lines older than `before`; returns how many. */
export async function pruneRoutingLogs(db: Executor, before: number): Promise<number> {
  const r = await db.deleteFrom('routing_logs').where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
