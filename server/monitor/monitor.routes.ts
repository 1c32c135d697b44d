import { MonitorResponse } from '../../contracts/monitor';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { requireActor } from '../http/auth';
import { getMonitor } from './get-monitor';

/** The live monitor (administrators and viewers): operators, queues and missed targets now. */
export function monitorRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/api/v1/monitor',
    {
      schema: {
        tags: ['monitor'],
        summary:
          'The contact center now: each operator (status, open workspace, load against limit, last reply, dialogs awaiting their answer), the waiting queue per department, the targets missed now',
        response: { 200: MonitorResponse },
      },
    },
    async (req) => ({ monitor: await getMonitor(ctx.db, { actor: requireActor(req), now: ctx.clock() }) }),
  );
}
