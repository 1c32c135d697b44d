import { AuditList, AuditQuery } from '../../contracts/audit';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { requireActor } from '../http/auth';
import { listAuditEntries } from './list-audit';

/** Who changed which setting, user, bot or script, and when (administrators). */
export function auditRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first: filter by action, user, target and period',
        querystring: AuditQuery,
        response: { 200: AuditList },
      },
    },
    async (req) => listAuditEntries(ctx.db, requireActor(req), req.query),
  );
}
