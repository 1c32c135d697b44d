import type { AppContext } from '../context';
import type { App } from './app';
import { createMetrics } from './metrics';
import { systemRoutes } from './system.routes';
import { dialogsRoutes } from '../dialogs/dialogs.routes';
import { leadsRoutes } from '../leads/leads.routes';
import { apiInboundRoutes } from '../channels/api/inbound';

/** Every module's routes, registered in one place. */
export async function registerRoutes(app: App, ctx: AppContext): Promise<void> {
  const metrics = createMetrics(app);
  systemRoutes(app, ctx, metrics);
  dialogsRoutes(app, ctx);
  leadsRoutes(app, ctx);
  apiInboundRoutes(app, ctx);
}
