import { SessionView, SetupOwnerBody, SetupState } from '../../contracts/accounts';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { presentSession } from './accounts.presenter';
import { getSetupState } from './get-setup-state';
import { setSessionCookie, signInDeps } from './session-cookie';
import { setupOwner } from './setup-owner';

/** First-run setup: is an owner needed, and create the owner (once). */
export function setupRoutes(app: App, ctx: AppContext): void {
  app.get('/api/v1/setup', { config: { public: true }, schema: { tags: ['setup'], security: [], response: { 200: SetupState } } }, async () =>
    getSetupState(ctx),
  );

  app.post(
    '/api/v1/setup/owner',
    {
      config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: { tags: ['setup'], security: [], body: SetupOwnerBody, response: { 200: SessionView } },
    },
    async (req, reply) => {
      const { result } = await setupOwner(signInDeps(ctx), req.body);
      setSessionCookie(reply, ctx, result.token);
      return presentSession(result);
    },
  );
}
