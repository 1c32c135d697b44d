// The audit log (administrators): who changed which setting, user, bot or script, and when; newest
// first, filtered, a page at a time.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { AuditAction, AuditEntry } from '@contracts/audit';
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

/** Every action, in the order of contracts' AUDIT_ACTIONS (not imported: it brings zod; audit-actions.test.ts keeps them equal). */
export const ACTIONS = [
  'business.update',
  'department.create',
  'department.update',
  'department.delete',
  'user.create',
  'user.update',
  'user.password_link',
  'user.sign_out_everywhere',
  'api_token.create',
  'api_token.revoke',
  'routing_script.save',
  'routing_script.delete',
  'quick_reply.create',
  'quick_reply.update',
  'quick_reply.delete',
  'channel.create',
  'channel.update',
  'channel.rotate_secret',
  'bot.create',
  'bot.import',
  'script.save',
  'script.delete',
  'script.restore',
  'trigger.save',
  'trigger.delete',
] as const satisfies readonly AuditAction[];

export const auditKeys = {
  all: ['audit'] as const,
  list: (f: AuditFilters) => ['audit', 'list', f] as const,
  people: ['audit', 'people'] as const,
  departments: ['audit', 'departments'] as const,
};

export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api.get<{ entries: AuditEntry[]; hasMore: boolean }>(`/api/v1/audit${qs({ ...filters, before: pageParam, limit: AUDIT_PAGE })}`, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.hasMore ? last.entries.at(-1)?.id : undefined),
    staleTime: 0,
  });
}

/** The business's users, for the "who" filter and to name users the entries are about. */
export function useAuditPeople() {
  return useQuery({
    queryKey: auditKeys.people,
    queryFn: ({ signal }) => api.get<{ users: { id: number; name: string }[] }>('/api/v1/users', signal).then((r) => r.users),
  });
}

/** The departments, to name those the entries are about. */
export function useAuditDepartments() {
  return useQuery({
    queryKey: auditKeys.departments,
    queryFn: ({ signal }) => api.get<{ departments: { id: number; name: string }[] }>('/api/v1/departments', signal).then((r) => r.departments),
  });
}
