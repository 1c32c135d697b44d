// Reports (administrators and viewers): the contact center's figures for a period, and the bots and
// departments to filter them by.
import { useQuery } from '@tanstack/react-query';
import type { WorkspaceDirectory } from '@contracts/dialogs';
import type { Report } from '@contracts/reports';
import { api, qs } from '../../lib/api';

export interface ReportFilters {
  /** Days (YYYY-MM-DD) in the business's time zone, both included. */
  from: string;
  to: string;
  botId?: number | undefined;
  departmentId?: number | undefined;
}

export const reportKeys = {
  report: (f: ReportFilters) => ['reports', f] as const,
  directory: ['reports', 'directory'] as const,
};

export function useReport(filters: ReportFilters | null) {
  return useQuery({
    queryKey: reportKeys.report(filters ?? { from: '', to: '' }),
    queryFn: ({ signal }) => api.get<{ report: Report }>(`/api/v1/reports${qs({ ...filters! })}`, signal).then((r) => r.report),
    enabled: filters !== null,
    staleTime: 0,
  });
}

/** Bots and departments of the business (the workspace's directory, which viewers may read). */
export function useReportDirectory() {
  return useQuery({
    queryKey: reportKeys.directory,
    queryFn: ({ signal }) => api.get<WorkspaceDirectory>('/api/v1/workspace', signal),
  });
}

/** Where the CSV of one table of the report downloads from. */
export function csvUrl(filters: ReportFilters, table: 'summary' | 'operators' | 'load', lang: string): string {
  return `/api/v1/reports/csv${qs({ ...filters, table, lang: lang.startsWith('ru') ? 'ru' : 'en' })}`;
}
