import { conflict, forbidden, notFound } from '../errors';
import { commit, event, type CommitDeps } from '../realtime/index';
import type { Department } from '../storage/schema';
import { canManageDepartments } from './accounts.policy';
import type { Actor } from '../shared/actor';
import { findDepartmentInBusiness, updateDepartmentUnlessCodeTaken } from './departments.repo';
import { recordAudit } from '../audit/index';

/**
 * Renames or recodes a department of the actor's business, or changes its distribution options (on/off,
 * Offline dialogs, reassignment) or service targets; admins only; codes stay unique. A new distribution option is
 * `distribution.changed` (the queue drains and reassignment timers re-arm on it).
 */
export async function updateDepartment(
  deps: CommitDeps,
  input: {
    actor: Actor;
    departmentId: number;
    code?: string | undefined;
    name?: string | undefined;
    autoAssign?: boolean | null | undefined;
    offlineDialogs?: 'keep' | 'requeue' | null | undefined;
    reassignAfterSec?: number | null | undefined;
    firstResponseTargetSec?: number | null | undefined;
    nextResponseTargetSec?: number | null | undefined;
  },
): Promise<Department> {
  const { actor, departmentId } = input;
  if (!canManageDepartments(actor)) throw forbidden('Only admins can manage departments');
  const { result } = await commit(deps, actor.businessId, async (tx) => {
    if (!(await findDepartmentInBusiness(tx, actor.businessId, departmentId))) throw notFound('Department');
    const ok = await updateDepartmentUnlessCodeTaken(tx, actor.businessId, departmentId, {
      code: input.code,
      name: input.name?.trim(),
      autoAssign: input.autoAssign,
      offlineDialogs: input.offlineDialogs,
      reassignAfterSec: input.reassignAfterSec,
      firstResponseTargetSec: input.firstResponseTargetSec,
      nextResponseTargetSec: input.nextResponseTargetSec,
    });
    if (!ok) throw conflict(`A department with code "${input.code ?? ''}" already exists`);
    const d = await findDepartmentInBusiness(tx, actor.businessId, departmentId);
    if (!d) throw notFound('Department');
    await recordAudit(tx, actor, {
      action: 'department.update',
      target: { type: 'department', id: departmentId },
      details: {
        code: input.code,
        name: input.name,
        autoAssign: input.autoAssign,
        offlineDialogs: input.offlineDialogs,
        reassignAfterSec: input.reassignAfterSec,
        firstResponseTargetSec: input.firstResponseTargetSec,
        nextResponseTargetSec: input.nextResponseTargetSec,
      },
      now: deps.clock(),
    });
    const distribution = input.autoAssign !== undefined || input.offlineDialogs !== undefined || input.reassignAfterSec !== undefined;
    return { result: d, events: distribution ? [event('distribution.changed', {})] : [] };
  });
  return result;
}
