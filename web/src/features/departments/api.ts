// The business's departments (administrators): the list with who works in each, add, rename or recode,
// delete. Members are edited on the Users screen; distribution options on the Distribution screen.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { DepartmentView } from '@contracts/accounts';
import { api } from '../../lib/api';
import { directoryKeys } from '../../lib/directory';

export type DepartmentFields = { code: string; name: string };

/** The server's rules (contracts' DEPARTMENT_CODE and ACCOUNT_LIMITS; not imported: accounts.ts brings zod). */
export const DEPARTMENT_CODE = /^[a-z0-9_-]{1,32}$/;
export const DEPARTMENT_LIMITS = { code: 32, name: 200 } as const;

/**
 * Every change refreshes the departments (shared with Users and Distribution); a deletion also the
 * users, whose memberships it removed.
 */
function useDepartmentMutation<TVars, TResult>(fn: (v: TVars) => Promise<TResult>, users = false) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: directoryKeys.departments });
      if (users) await qc.invalidateQueries({ queryKey: directoryKeys.users });
    },
  });
}

export function useCreateDepartment() {
  return useDepartmentMutation((body: DepartmentFields) => api.post<{ department: DepartmentView }>('/api/v1/departments', body).then((r) => r.department));
}

export function useUpdateDepartmentFields() {
  return useDepartmentMutation(({ id, patch }: { id: number; patch: Partial<DepartmentFields> }) =>
    api.patch<{ department: DepartmentView }>(`/api/v1/departments/${id}`, patch).then((r) => r.department),
  );
}

export function useDeleteDepartment() {
  return useDepartmentMutation((id: number) => api.delete<{ ok: true }>(`/api/v1/departments/${id}`), true);
}
