// The business's users (administrators): the list with live status and load, add (invite or with a
// password), edit, deactivate, a password reset link and signing a user out everywhere.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreatedUser, PasswordLinkView, UserView } from '@contracts/accounts';
import type { Role } from '@contracts/roles';
import { api } from '../../lib/api';
import { directoryKeys } from '../../lib/directory';

export type UserRow = UserView;
export type CreateUser = { email: string; name: string; roles: Role[]; maxDialogs: number; departmentIds: number[]; password?: string };
export type UserPatch = Partial<Pick<UserView, 'name' | 'roles' | 'maxDialogs' | 'departmentIds' | 'disabled'>>;
/** A link that lets a user set their password (an invitation or a reset). */
export type PasswordLink = PasswordLinkView;

/** The server's bounds (contracts' ACCOUNT_LIMITS and LIMITS.password; not imported: accounts.ts brings zod). */
export const USER_LIMITS = { maxDialogs: 1000, name: 200, email: 254 } as const;

/** How long an invitation link works (the server's LINK_TTL_MS), said when the answer carries no expiry. */
export const LINK_DAYS = 7;

export { ROLE_ORDER, useDepartments as useDepartmentList, useUsers } from '../../lib/directory';

/** Every change refreshes the list: status, load and the other rows may have moved meanwhile. */
function useUserMutation<TVars, TResult>(fn: (v: TVars) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: directoryKeys.users }) });
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
