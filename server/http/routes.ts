import type { AppContext } from '../context';
import type { App } from './app';
import { createMetrics } from './metrics';
import { systemRoutes } from './system.routes';

/** Every module's routes, registered in one place. */
export async function registerRoutes(app: App, ctx: AppContext): Promise<void> {
  systemRoutes(app, ctx, createMetrics(app));
}
