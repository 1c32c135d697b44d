import { LoginBody, LogoutBody, OperatorStatusView, SessionView, SetPasswordBody, StatusBody } from '../../contracts/accounts';
import { setPasswordWithLink } from './password-links';
import { Ok } from '../../contracts/common';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { requireUser } from '../http/auth';
import { presentSession } from './accounts.presenter';
import { getMe } from './get-me';
import { login } from './login';
import { logout } from './logout';
import { clearSessionCookie, sessionIdOf, setSessionCookie, signInDeps } from './session-cookie';
import { setOperatorStatus } from './set-operator-status';

/** Per-IP cap on sign-in requests, on top of the failure back-off in the login use case (login-throttle.ts). */
export const LOGIN_RATE_LIMIT = { max: 20, timeWindow: '1 minute' } as const;

/** Sign-in, sign-out, the current user and their Online/Offline switch. */
export function authRoutes(app: App, ctx: AppContext): void {
  app.post(
    '/api/v1/auth/login',
    { config: { public: true, rateLimit: LOGIN_RATE_LIMIT }, schema: { tags: ['auth'], security: [], body: LoginBody, response: { 200: SessionView } } },
    async (req, reply) => {
      const { result } = await login(signInDeps(ctx), { ...req.body, address: req.ip });
      setSessionCookie(reply, ctx, result.token);
      return presentSession(result);
    },
  );

  app.post(
    '/api/v1/auth/set-password',
    {
      config: { public: true, rateLimit: LOGIN_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary: 'Choose a password with an invitation or reset link, and sign in',
        security: [],
        body: SetPasswordBody,
        response: { 200: SessionView },
      },
    },
    async (req, reply) => {
      const result = await setPasswordWithLink(signInDeps(ctx), req.body);
      setSessionCookie(reply, ctx, result.token);
      return presentSession(result);
    },
  );

  app.post('/api/v1/auth/logout', { schema: { tags: ['auth'], body: LogoutBody, response: { 200: Ok } } }, async (req, reply) => {
    const actor = requireUser(req);
    await logout(ctx, { actor, sessionId: sessionIdOf(req), status: req.body.status });
    clearSessionCookie(reply, ctx);
    return { ok: true as const };
  });

  app.get('/api/v1/me', { schema: { tags: ['auth'], response: { 200: SessionView } } }, async (req) => {
    const actor = requireUser(req);
    return presentSession(await getMe(ctx, { actor, sessionId: sessionIdOf(req) }));
  });

  app.put('/api/v1/me/status', { schema: { tags: ['auth'], body: StatusBody, response: { 200: OperatorStatusView } } }, async (req) => {
    const actor = requireUser(req);
    const { result } = await setOperatorStatus(ctx, { actor, userId: actor.userId, status: req.body.status });
    return result;
  });
}
