import { ScriptBody } from '../../contracts/scripts';
import { userNames } from '../accounts/index';
import type { Executor } from '../storage/db';

const nameOf = (names: Map<number, string>, id: number | null) => (id === null ? null : (names.get(id) ?? null));

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
    .values({
      script_id: v.scriptId,
      business_id: v.businessId,
      version: v.version,
      snapshot: JSON.stringify(v.body),
      author_user_id: v.authorUserId,
      created_at: v.at,
    })
    .onConflict((oc) => oc.columns(['script_id', 'version']).doNothing())
    .execute();
}

/**
 * A page of a script's versions, newest first (older than `before`), with their authors' names (without
 * the snapshots); one extra row tells whether more exist.
 */
export async function listScriptVersions(
  db: Executor,
  scriptId: number,
  page: { before?: number | undefined; limit: number },
): Promise<{ rows: Omit<ScriptVersionRow, 'snapshot'>[]; hasMore: boolean }> {
  let q = db.selectFrom('script_versions').select(['version', 'author_user_id', 'created_at']).where('script_id', '=', scriptId);
  if (page.before !== undefined) q = q.where('version', '<', page.before);
  const found = await q
    .orderBy('version', 'desc')
    .limit(page.limit + 1)
    .execute();
  const rows = found.slice(0, page.limit);
  const names = await userNames(
    db,
    rows.flatMap((r) => (r.author_user_id === null ? [] : [r.author_user_id])),
  );
  return {
    rows: rows.map((r) => ({ version: r.version, authorUserId: r.author_user_id, authorName: nameOf(names, r.author_user_id), createdAt: r.created_at })),
    hasMore: found.length > page.limit,
  };
}

export async function findScriptVersion(db: Executor, scriptId: number, version: number): Promise<ScriptVersionRow | undefined> {
  const r = await db
    .selectFrom('script_versions')
    .select(['version', 'author_user_id', 'created_at', 'snapshot'])
    .where('script_id', '=', scriptId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!r) return undefined;
  const names = await userNames(db, r.author_user_id === null ? [] : [r.author_user_id]);
  return { version: r.version, authorUserId: r.author_user_id, authorName: nameOf(names, r.author_user_id), snapshot: r.snapshot, createdAt: r.created_at };
}

/**
 * A snapshot as a ScriptBody; undefined when it no longer fits the current schema (it was valid when
 * saved, but commands may have changed since).
 */
export function parseSnapshot(snapshot: string): ScriptBody | undefined {
  const r = ScriptBody.safeParse(JSON.parse(snapshot));
  return r.success ? r.data : undefined;
}
