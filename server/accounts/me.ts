import type { Department } from '../storage/schema';
import type { Executor } from '../storage/db';
import { findBusinessName } from './businesses.repo';
import { listDepartmentsOfUser } from './departments.repo';
import { findUserInBusiness, type UserRecord } from './users.repo';

/** Everything the web app needs about the signed-in user. */
export interface MeRecord {
  user: UserRecord;
  businessName: string;
  departments: Department[];
}

/** Loads the signed-in user with business name and departments; null if the user is gone. */
export async function loadMe(db: Executor, businessId: number, userId: number): Promise<MeRecord | null> {
  const user = await findUserInBusiness(db, businessId, userId);
  if (!user) return null;
  // One after the other: inside a transaction there is a single connection anyway.
  const businessName = await findBusinessName(db, businessId);
  const departments = await listDepartmentsOfUser(db, businessId, userId);
  return { user, businessName: businessName ?? '', departments };
}
