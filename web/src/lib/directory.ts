// The business's people and departments as the administration screens read them: one query each,
// shared by Users, Departments, Distribution, API tokens and the audit log (features never import
// each other, so what they share lives here).
import { useQuery } from '@tanstack/react-query';
import type { DepartmentView, UserView } from '@contracts/accounts';
import type { Role } from '@contracts/roles';
import { api } from './api';

export const directoryKeys = {
  users: ['users'] as const,
  departments: ['departments'] as const,
};

/** Roles in the order the screens list them. */
export const ROLE_ORDER: readonly Role[] = ['admin', 'operator', 'bot_editor', 'script_editor', 'viewer'];

export function useUsers() {
  return useQuery({
    queryKey: directoryKeys.users,
    queryFn: ({ signal }) => api.get<{ users: UserView[] }>('/api/v1/users', signal).then((r) => r.users),
    // Status and load change all the time; the list is fresh whenever it is opened.
    staleTime: 0,
  });
}

export function useDepartments() {
  return useQuery({
    queryKey: directoryKeys.departments,
    queryFn: ({ signal }) => api.get<{ departments: DepartmentView[] }>('/api/v1/departments', signal).then((r) => r.departments),
  });
}
