import { z } from 'zod';
import { Holiday, WeekHours, type WorkingHours } from '../../contracts/working-hours';
import type { Executor } from '../storage/db';
import { parseColumn } from '../storage/json-column';

/** Working hours by department id; `business` is the business's own (null department). */
export interface StoredHours {
  business: WorkingHours | null;
  departments: Map<number, WorkingHours>;
}

const Holidays = z.array(Holiday);

/** Every working-hours row of the business. */
export async function loadWorkingHours(db: Executor, businessId: number): Promise<StoredHours> {
  const rows = await db.selectFrom('working_hours').select(['department_id', 'week', 'holidays']).where('business_id', '=', businessId).execute();
  const out: StoredHours = { business: null, departments: new Map() };
  for (const r of rows) {
    const hours: WorkingHours = {
      week: parseColumn(WeekHours, r.week, `working_hours.week of business ${businessId}`),
      holidays: parseColumn(Holidays, r.holidays, `working_hours.holidays of business ${businessId}`),
    };
    if (r.department_id === null) out.business = hours;
    else out.departments.set(r.department_id, hours);
  }
  return out;
}

/** Replaces the hours of the business (departmentId null) or of one of its departments; null removes them. */
export async function replaceWorkingHours(
  db: Executor,
  r: { businessId: number; departmentId: number | null; hours: WorkingHours | null; now: number },
): Promise<void> {
  let del = db.deleteFrom('working_hours').where('business_id', '=', r.businessId);
  del = r.departmentId === null ? del.where('department_id', 'is', null) : del.where('department_id', '=', r.departmentId);
  await del.execute();
  if (r.hours === null) return;
  await db
    .insertInto('working_hours')
    .values({
      business_id: r.businessId,
      department_id: r.departmentId,
      week: JSON.stringify(r.hours.week),
      holidays: JSON.stringify(r.hours.holidays),
      updated_at: r.now,
    })
    .execute();
}
