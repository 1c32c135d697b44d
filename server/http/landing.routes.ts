import fs from 'node:fs';
import type { App } from './app';

const page = fs.readFileSync(new URL('./landing/index.html', import.meta.url), 'utf8');

/** The first-run page: creates the owner account on a fresh install, else signs in. */
export function landingRoutes(app: App): void {
  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').send(page));
}
