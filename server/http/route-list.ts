import type { FastifyInstance } from 'fastify';

/** One route as registered: its method and URL pattern. */
export interface RouteEntry {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered after `trackRoutes` (plugins' included), HEAD routes apart. */
    routeList(): readonly RouteEntry[];
  }
}

/**
 * Records every route as it is registered, so a test can walk them all (who may call what, what an
 * anonymous caller gets) and a new route cannot slip past them. Call first, before any plugin.
 */
export function trackRoutes(app: FastifyInstance): void {
  const routes: RouteEntry[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url });
  });
  app.decorate('routeList', () => routes);
}
