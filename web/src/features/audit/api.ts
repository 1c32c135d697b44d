// The audit log (administrators): who changed which setting, user, bot or script, and when; newest
// first, filtered, a page at a time.
import { useInfiniteQuery } from '@tanstack/react-query';
import type { AuditEntry } from '@contracts/audit';
import { AUDIT_ACTIONS, type AuditAction } from '@contracts/audit-actions';
import { api, qs } from '../../lib/api';

export interface AuditFilters {
  action?: AuditAction | undefined;
  userId?: number | undefined;
  /** Epoch ms, inclusive. */
  from?: number | undefined;
  /** Epoch ms, exclusive. */
  to?: number | undefined;
}

/** Entries per page. */
export const AUDIT_PAGE = 50;

/** Every action the server records, in its order. */
export const ACTIONS = AUDIT_ACTIONS;

export const auditKeys = {
  all: ['audit'] as const,
  list: (f: AuditFilters) => ['audit', 'list', f] as const,
};

export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api.get<{ entries: AuditEntry[]; nextCursor: string | null }>(`/api/v1/audit${qs({ ...filters, cursor: pageParam, limit: AUDIT_PAGE })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
  });
}

/** The business's users (the "who" filter, names in entries) and departments (names in entries). */
export { useDepartments as useAuditDepartments, useUsers as useAuditPeople } from '../../lib/directory';
