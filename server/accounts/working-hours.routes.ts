import { IdParam } from '../../contracts/common';
import { PutWorkingHoursBody, WorkingHoursView } from '../../contracts/working-hours';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { requireActor } from '../http/auth';
import { getWorkingHours, putWorkingHours } from './working-hours';

/** Working hours of the business and of its departments (administrators). */
export function workingHoursRoutes(app: App, ctx: AppContext): void {
  const tags = ['working hours'];
  app.get(
    '/api/v1/working-hours',
    { schema: { tags, summary: "The business's and its departments' working hours", response: { 200: WorkingHoursView } } },
    async (req) => getWorkingHours(ctx.db, { actor: requireActor(req) }),
  );
  app.put(
    '/api/v1/working-hours',
    { schema: { tags, summary: "Sets the business's working hours (null: always open)", body: PutWorkingHoursBody, response: { 200: WorkingHoursView } } },
    async (req) => putWorkingHours(ctx, { actor: requireActor(req), departmentId: null, hours: req.body.hours }),
  );
  app.put(
    '/api/v1/departments/:id/working-hours',
    {
      schema: {
        tags,
        summary: "Sets a department's own working hours (null: as the business)",
        params: IdParam,
        body: PutWorkingHoursBody,
        response: { 200: WorkingHoursView },
      },
    },
    async (req) => putWorkingHours(ctx, { actor: requireActor(req), departmentId: req.params.id, hours: req.body.hours }),
  );
}
