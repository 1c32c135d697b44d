import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../storage/db';
import type { AuditLogTable } from '../storage/schema';

export type AuditRow = Selectable<AuditLogTable>;

export async function insertAudit(tx: Executor, row: Insertable<AuditLogTable>): Promise<void> {
  await tx.insertInto('audit_log').values(row).execute();
}

/** A page of the business's audit log, newest first; one extra row tells whether more exist. */
export async function listAudit(
  db: Executor,
  businessId: number,
  f: {
    action?: string | undefined;
    userId?: number | undefined;
    targetType?: string | undefined;
    targetId?: number | undefined;
    from?: number | undefined;
    to?: number | undefined;
    before?: number | undefined;
    limit: number;
  },
): Promise<{ rows: AuditRow[]; hasMore: boolean }> {
  let q = db.selectFrom('audit_log').selectAll().where('business_id', '=', businessId);
  if (f.action !== undefined) q = q.where('action', '=', f.action);
  if (f.userId !== undefined) q = q.where('actor_kind', '=', 'user').where('actor_id', '=', f.userId);
  if (f.targetType !== undefined) q = q.where('target_type', '=', f.targetType);
  if (f.targetId !== undefined) q = q.where('target_id', '=', f.targetId);
  if (f.from !== undefined) q = q.where('at', '>=', f.from);
  if (f.to !== undefined) q = q.where('at', '<', f.to);
  if (f.before !== undefined) q = q.where('id', '<', f.before);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
  return { rows: rows.slice(0, f.limit), hasMore: rows.length > f.limit };
}
