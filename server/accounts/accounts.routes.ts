import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { apiTokensRoutes } from './api-tokens.routes';
import { authRoutes } from './auth.routes';
import { departmentsRoutes } from './departments.routes';
import { setupRoutes } from './setup.routes';
import { usersRoutes } from './users.routes';

/** Every route of the accounts module: setup, sign-in, me, users, departments, API tokens. */
export function accountsRoutes(app: App, ctx: AppContext): void {
  setupRoutes(app, ctx);
  authRoutes(app, ctx);
  usersRoutes(app, ctx);
  departmentsRoutes(app, ctx);
  apiTokensRoutes(app, ctx);
}
