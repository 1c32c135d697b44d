import { BusinessView, UpdateBusinessBody } from '../../contracts/business';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { requireActor } from '../http/auth';
import { getBusiness, updateBusiness } from './business-settings';

/** The caller's own business: its name and settings (administrators). */
export function businessRoutes(app: App, ctx: AppContext): void {
  app.get('/api/v1/business', { schema: { tags: ['business'], response: { 200: BusinessView } } }, async (req) =>
    getBusiness(ctx.db, { actor: requireActor(req) }),
  );
  app.patch('/api/v1/business', { schema: { tags: ['business'], body: UpdateBusinessBody, response: { 200: BusinessView } } }, async (req) =>
    updateBusiness(ctx, { actor: requireActor(req), patch: req.body }),
  );
}
