// The business's users (administrators): the list with live status and load, add (invite or with a
// password), edit, deactivate, a password reset link and signing a user out everywhere.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CreatedUser as CreatedUserSchema, DepartmentView, PasswordLinkView as PasswordLinkSchema, UserView } from '@contracts/accounts';
import type { Role } from '@contracts/roles';
import { api } from '../../lib/api';

export type UserRow = UserView;
type CreatedUser = z.infer<typeof CreatedUserSchema>;
type PasswordLinkView = z.infer<typeof PasswordLinkSchema>;
export type CreateUser = { email: string; name: string; roles: Role[]; maxDialogs: number; departmentIds: number[]; password?: string };
export type UserPatch = Partial<Pick<UserView, 'name' | 'roles' | 'maxDialogs' | 'departmentIds' | 'disabled'>>;
/** A link that lets a user set their password (an invitation or a reset). */
export type PasswordLink = PasswordLinkView;

/** Roles in the order the screen lists them. */
export const ROLE_ORDER: readonly Role[] = ['admin', 'operator', 'bot_editor', 'script_editor', 'viewer'];
/** The server's bounds (contracts' ACCOUNT_LIMITS and LIMITS.password; not imported: accounts.ts brings zod). */
export const USER_LIMITS = { maxDialogs: 1000, name: 200, email: 254 } as const;

/** How long an invitation link works (the server's LINK_TTL_MS), said when the answer carries no expiry. */
export const LINK_DAYS = 7;

export const usersKeys = {
  list: ['users'] as const,
  departments: ['departments'] as const,
};

export function useUsers() {
  return useQuery({
    queryKey: usersKeys.list,
    queryFn: ({ signal }) => api.get<{ users: UserRow[] }>('/api/v1/users', signal).then((r) => r.users),
    // Status and load change all the time; the list is fresh whenever it is opened.
    staleTime: 0,
  });
}

export function useDepartmentList() {
  return useQuery({
    queryKey: usersKeys.departments,
    queryFn: ({ signal }) => api.get<{ departments: DepartmentView[] }>('/api/v1/departments', signal).then((r) => r.departments),
  });
}

/** Every change refreshes the list: status, load and the other rows may have moved meanwhile. */
function useUserMutation<TVars, TResult>(fn: (v: TVars) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: usersKeys.list }) });
}

export function useCreateUser() {
  return useUserMutation((body: CreateUser) => api.post<CreatedUser>('/api/v1/users', body).then((r) => ({ user: r.user, inviteUrl: r.inviteUrl ?? null })));
}

export function useUpdateUser() {
  return useUserMutation(({ id, patch }: { id: number; patch: UserPatch }) => api.patch<{ user: UserRow }>(`/api/v1/users/${id}`, patch).then((r) => r.user));
}

export function usePasswordLink() {
  return useUserMutation((id: number) => api.post<PasswordLinkView>(`/api/v1/users/${id}/password-link`));
}

export function useSignOutEverywhere() {
  return useUserMutation((id: number) => api.delete<{ ok: true }>(`/api/v1/users/${id}/sessions`));
}
