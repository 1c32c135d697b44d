import {
  CreatedUser,
  CreateUserBody,
  OperatorStatusView,
  PasswordLinkView,
  StatusBody,
  UpdateUserBody,
  UserList,
  UserResponse,
} from '../../contracts/accounts';
import { IdParam, Ok } from '../../contracts/common';
import { createPasswordLink, signOutEverywhere } from './password-links';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { requireActor } from '../http/auth';
import { presentUser } from './accounts.presenter';
import { createUser } from './create-user';
import { listUsers } from './list-users';
import { currentSessionId } from './session-cookie';
import { setUserStatus } from './set-user-status';
import { updateUser } from './update-user';

/** Business users, managed by admins (sessions or admin API tokens). */
export function usersRoutes(app: App, ctx: AppContext): void {
  app.get('/api/v1/users', { schema: { tags: ['users'], response: { 200: UserList } } }, async (req) => {
    const rows = await listUsers(ctx, { actor: requireActor(req) });
    return { users: rows.map((r) => presentUser(r.user, r.departmentIds, r.openDialogs)) };
  });

  app.post('/api/v1/users', { schema: { tags: ['users'], body: CreateUserBody, response: { 201: CreatedUser } } }, async (req, reply) => {
    const r = await createUser({ ...ctx, publicUrl: ctx.config.PUBLIC_URL }, { actor: requireActor(req), user: req.body });
    return reply.status(201).send({ user: presentUser(r.user, r.departmentIds), ...(r.inviteUrl ? { inviteUrl: r.inviteUrl } : {}) });
  });

  app.post(
    '/api/v1/users/:id/password-link',
    {
      schema: {
        tags: ['users'],
        summary: 'A link (valid 7 days, once) for the user to choose a new password',
        params: IdParam,
        response: { 200: PasswordLinkView },
      },
    },
    async (req) => createPasswordLink({ ...ctx, publicUrl: ctx.config.PUBLIC_URL }, { actor: requireActor(req), userId: req.params.id }),
  );

  app.delete(
    '/api/v1/users/:id/sessions',
    { schema: { tags: ['users'], summary: 'Sign the user out everywhere', params: IdParam, response: { 200: Ok } } },
    async (req) => {
      await signOutEverywhere(ctx, { actor: requireActor(req), userId: req.params.id });
      return { ok: true as const };
    },
  );

  app.patch('/api/v1/users/:id', { schema: { tags: ['users'], params: IdParam, body: UpdateUserBody, response: { 200: UserResponse } } }, async (req) => {
    const actor = requireActor(req);
    const { result } = await updateUser(ctx, { actor, userId: req.params.id, patch: req.body, actorSessionId: currentSessionId(req) });
    return { user: presentUser(result.user, result.departmentIds) };
  });

  app.put(
    '/api/v1/users/:id/status',
    { schema: { tags: ['users'], params: IdParam, body: StatusBody, response: { 200: OperatorStatusView } } },
    async (req) => {
      const { result } = await setUserStatus(ctx, { actor: requireActor(req), userId: req.params.id, status: req.body.status });
      return result;
    },
  );
}
