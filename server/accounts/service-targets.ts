import type { Executor } from '../storage/db';
import { readBusinessSettings } from './business-settings';
import { findDepartmentInBusiness } from './departments.repo';

export interface ServiceTargets {
  /** Seconds for the operators' first answer; null: no target. */
  firstSec: number | null;
  /** Seconds for the answer to each later message of the lead; null: no target. */
  nextSec: number | null;
}

/** The service targets in force for a dialog of this department (its own, else the business's). */
export async function serviceTargetsOf(db: Executor, businessId: number, departmentId: number | null): Promise<ServiceTargets> {
  const settings = await readBusinessSettings(db, businessId);
  const d = departmentId === null ? undefined : await findDepartmentInBusiness(db, businessId, departmentId);
  return {
    firstSec: d?.first_response_target_sec ?? settings.firstResponseTargetSec,
    nextSec: d?.next_response_target_sec ?? settings.nextResponseTargetSec,
  };
}
