import { AuditEntry, type AuditQuery } from '../../contracts/audit';
import { forbidden } from '../errors';
import { hasRole, type Actor } from '../shared/actor';
import { cursorCodec } from '../shared/cursor';
import type { Executor } from '../storage/db';
import { listAudit, type AuditRow } from './audit.repo';

const cursor = cursorCodec('audit', ['id']);

/** The business's audit log, newest first, filtered, a page at a time; administrators only. */
export async function listAuditEntries(db: Executor, actor: Actor, q: AuditQuery): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  if (!hasRole(actor, 'admin')) throw forbidden('Only administrators read the audit log');
  const { cursor: at, ...filters } = q;
  const page = await listAudit(db, actor.businessId, { ...filters, before: cursor.read(at)?.id });
  return { entries: page.rows.map(present), nextCursor: cursor.next(page.rows.at(-1), page.hasMore) };
}

function present(r: AuditRow): AuditEntry {
  return AuditEntry.parse({
    id: r.id,
    at: Number(r.at),
    actor: { kind: r.actor_kind, id: r.actor_id === null ? null : Number(r.actor_id), name: r.actor_name },
    action: r.action,
    target: { type: r.target_type, id: r.target_id === null ? null : Number(r.target_id) },
    details: JSON.parse(r.details) as Record<string, unknown>,
  });
}
