import { ScriptBody } from '../../contracts/scripts';
import type { Executor } from '../storage/db';

/** One saved version; `snapshot` is the ScriptBody as JSON. */
export interface ScriptVersionRow {
  version: number;
  authorUserId: number | null;
  authorName: string | null;
  snapshot: string;
  createdAt: number;
}

/** Keeps a script's content as saved at `version`; saving the same version twice keeps the first. */
export async function recordScriptVersion(
  db: Executor,
  v: { scriptId: number; businessId: number; version: number; body: ScriptBody; authorUserId: number | null; at: number },
): Promise<void> {
  await db
    .insertInto('script_versions')
    .values({ script_id: v.scriptId, business_id: v.businessId, version: v.version, snapshot: JSON.stringify(v.body), author_user_id: v.authorUserId, created_at: v.at })
    .onConflict((oc) => oc.columns(['script_id', 'version']).doNothing())
    .execute();
}

/** A script's versions, newest first, with their authors' names (without the snapshots). */
export async function listScriptVersions(db: Executor, scriptId: number): Promise<Omit<ScriptVersionRow, 'snapshot'>[]> {
  const rows = await db
    .selectFrom('script_versions as v')
    .leftJoin('users as u', 'u.id', 'v.author_user_id')
    .select(['v.version', 'v.author_user_id', 'v.created_at', 'u.name as author_name'])
    .where('v.script_id', '=', scriptId)
    .orderBy('v.version', 'desc')
    .execute();
  return rows.map((r) => ({ version: r.version, authorUserId: r.author_user_id, authorName: r.author_name, createdAt: r.created_at }));
}

export async function findScriptVersion(db: Executor, scriptId: number, version: number): Promise<ScriptVersionRow | undefined> {
  const r = await db
    .selectFrom('script_versions as v')
    .leftJoin('users as u', 'u.id', 'v.author_user_id')
    .select(['v.version', 'v.author_user_id', 'v.created_at', 'u.name as author_name', 'v.snapshot'])
    .where('v.script_id', '=', scriptId)
    .where('v.version', '=', version)
    .executeTakeFirst();
  return r && { version: r.version, authorUserId: r.author_user_id, authorName: r.author_name, snapshot: r.snapshot, createdAt: r.created_at };
}

/**
 * A snapshot as a ScriptBody; undefined when it no longer fits the current schema (it was valid when
 * saved, but commands may have changed since).
 */
export function parseSnapshot(snapshot: string): ScriptBody | undefined {
  const r = ScriptBody.safeParse(JSON.parse(snapshot));
  return r.success ? r.data : undefined;
}
