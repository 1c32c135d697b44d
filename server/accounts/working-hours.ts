import type { WorkingHours, WorkingHoursView } from '../../contracts/working-hours';
import { forbidden, notFound } from '../errors';
import { commit, event, type CommitDeps } from '../realtime/index';
import type { Actor } from '../shared/actor';
import type { Executor } from '../storage/db';
import { isOpen, nextChange } from '../shared/working-hours';
import { recordAudit } from '../audit/index';
import { canManageBusiness } from './accounts.policy';
import { readBusinessSettings } from './business-settings';
import { findDepartmentInBusiness, listDepartmentsOfBusiness } from './departments.repo';
import { loadWorkingHours, replaceWorkingHours } from './working-hours.repo';

/** The business's working hours and each department's (administrators). */
export async function getWorkingHours(db: Executor, { actor }: { actor: Actor }): Promise<WorkingHoursView> {
  if (!canManageBusiness(actor)) throw forbidden('Only administrators see the working hours');
  const [stored, departments] = await Promise.all([loadWorkingHours(db, actor.businessId), listDepartmentsOfBusiness(db, actor.businessId)]);
  return {
    business: stored.business,
    departments: departments.map((d) => ({ id: d.id, code: d.code, name: d.name, hours: stored.departments.get(d.id) ?? null })),
  };
}

/**
 * An administrator sets the hours of the business (departmentId null; null hours: always open) or of
 * one of its departments (null: as the business). Audited; `distribution.changed`, so the waiting
 * queue drains (a department may have just opened) and its timers re-arm.
 */
export async function putWorkingHours(
  deps: CommitDeps,
  input: { actor: Actor; departmentId: number | null; hours: WorkingHours | null },
): Promise<WorkingHoursView> {
  const { actor, departmentId } = input;
  if (!canManageBusiness(actor)) throw forbidden('Only administrators change the working hours');
  await commit(deps, actor.businessId, async (tx) => {
    if (departmentId !== null && !(await findDepartmentInBusiness(tx, actor.businessId, departmentId))) throw notFound('Department');
    await replaceWorkingHours(tx, { businessId: actor.businessId, departmentId, hours: input.hours, now: deps.clock() });
    await recordAudit(tx, actor, {
      action: 'working_hours.update',
      target: departmentId === null ? { type: 'business', id: actor.businessId } : { type: 'department', id: departmentId },
      details: { hours: input.hours },
      now: deps.clock(),
    });
    return { result: null, events: [event('distribution.changed', {})] };
  });
  return getWorkingHours(deps.db, { actor });
}

/** The business's hours as they apply to each department, read once: open or not at an instant, and when that changes. */
export interface HoursInForce {
  /** Whether dialogs of this department (null: none) may be handled at `at`. */
  isOpen(departmentId: number | null, at: number): boolean;
  /** The next instant after `at` the department opens or closes; null: never within a year. */
  nextChange(departmentId: number | null, at: number): number | null;
  /** Whether any hours are set at all (none: always open, nothing to check). */
  any: boolean;
}

/** Reads the working hours in force for the business's departments (a department without its own follows the business). */
export async function readHoursInForce(db: Executor, businessId: number): Promise<HoursInForce> {
  const [stored, settings] = await Promise.all([loadWorkingHours(db, businessId), readBusinessSettings(db, businessId)]);
  const of = (departmentId: number | null) => (departmentId === null ? null : stored.departments.get(departmentId)) ?? stored.business;
  return {
    any: stored.business !== null || stored.departments.size > 0,
    isOpen(departmentId, at) {
      const h = of(departmentId);
      return h === null || isOpen(h.week, h.holidays, settings.timeZone, at);
    },
    nextChange(departmentId, at) {
      const h = of(departmentId);
      return h === null ? null : nextChange(h.week, h.holidays, settings.timeZone, at);
    },
  };
}
