import { z } from 'zod';
import { AUDIT_ACTIONS } from './audit-actions';
import { Id, Millis } from './common';
import { NextCursor, pageQuery } from './pagination';

export { AUDIT_ACTIONS } from './audit-actions';
export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEntry = z
  .object({
    id: Id,
    at: Millis,
    actor: z.object({ kind: z.enum(['user', 'token', 'system']), id: Id.nullable(), name: z.string() }),
    action: AuditAction,
    target: z.object({ type: z.string(), id: Id.nullable() }),
    /** What changed (field names and new values; secrets never appear). */
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.strictObject({
  action: AuditAction.optional(),
  /** Only what this user did. */
  userId: z.coerce.number().int().positive().optional(),
  targetType: z.string().max(32).optional(),
  targetId: z.coerce.number().int().positive().optional(),
  /** Epoch ms, inclusive. */
  from: z.coerce.number().int().min(0).optional(),
  /** Epoch ms, exclusive. */
  to: z.coerce.number().int().min(0).optional(),
  ...pageQuery({ default: 50, max: 200 }),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditList = z.object({ entries: z.array(AuditEntry), nextCursor: NextCursor });
