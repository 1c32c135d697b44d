import type { AuditAction } from '../../contracts/audit';
import type { Actor } from '../shared/actor';
import type { Executor } from '../storage/db';
import { insertAudit } from './audit.repo';

/** Keys whose values never reach the audit log (only that they changed). */
const SECRET = /password|secret|token|credential/i;

/**
 * Writes one audit entry in the change's own transaction (it is kept exactly when the change is):
 * who (the person, the API token or the system), what (`action` on `target`) and the details of what
 * changed, with secrets reduced to "changed".
 */
export async function recordAudit(
  tx: Executor,
  actor: Actor,
  e: { action: AuditAction; target: { type: string; id: number | null }; details?: Record<string, unknown>; now: number },
): Promise<void> {
  const who =
    actor.kind === 'user'
      ? { actor_kind: 'user' as const, actor_id: actor.userId, actor_name: actor.name }
      : actor.kind === 'token'
        ? { actor_kind: 'token' as const, actor_id: actor.tokenId, actor_name: `API token ${actor.tokenId}` }
        : { actor_kind: 'system' as const, actor_id: null, actor_name: actor.reason };
  await insertAudit(tx, {
    business_id: actor.businessId,
    at: e.now,
    ...who,
    action: e.action,
    target_type: e.target.type,
    target_id: e.target.id,
    details: JSON.stringify(redact(e.details ?? {})),
  });
}

function redact(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(details)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, SECRET.test(k) ? 'changed' : v]),
  );
}
