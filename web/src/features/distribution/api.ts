// The contact center's distribution settings (administrators): the business's and each department's,
// the routing script with its log, and the routing simulator.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DepartmentView } from '@contracts/accounts';
import type { BusinessSettings } from '@contracts/business';
import type { RoutingScriptView } from '@contracts/routing';
import type { SimulationBody, SimulationResult } from '@contracts/simulation';
import { api } from '../../lib/api';
import { directoryKeys } from '../../lib/directory';

export type Business = { id: number; name: string; settings: BusinessSettings };
export type SettingsPatch = Partial<Pick<BusinessSettings, DistributionSetting>>;
export type DistributionSetting =
  'autoAssign' | 'autoAssignOffline' | 'autoAssignWorkspaceOnly' | 'preferPreviousOperator' | 'offlineDialogs' | 'reassignAfterSec';
export type DepartmentPatch = Partial<Pick<DepartmentView, 'autoAssign' | 'offlineDialogs' | 'reassignAfterSec'>>;
export type LogLine = { id: number; dialogId: number | null; level: 'log' | 'info' | 'warn' | 'error'; message: string; createdAt: number };

/** How many routing log lines the screen shows. */
export const LOG_LINES = 20;

export const distributionKeys = {
  business: ['business'] as const,
  script: ['routing', 'script'] as const,
  logs: ['routing', 'logs'] as const,
};

export function useBusiness() {
  return useQuery({
    queryKey: distributionKeys.business,
    queryFn: ({ signal }) => api.get<{ business: Business }>('/api/v1/business', signal).then((r) => r.business),
  });
}

/** Saves only the settings named; the server applies them together or not at all. */
export function useUpdateBusiness() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (settings: SettingsPatch) => api.patch<{ business: Business }>('/api/v1/business', { settings }).then((r) => r.business),
    onSuccess: (b) => qc.setQueryData(distributionKeys.business, b),
  });
}

export { useDepartments } from '../../lib/directory';

export function useUpdateDepartment(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: DepartmentPatch) => api.patch<{ department: DepartmentView }>(`/api/v1/departments/${id}`, patch).then((r) => r.department),
    onSuccess: (d) => qc.setQueryData<DepartmentView[]>(directoryKeys.departments, (ds) => ds?.map((x) => (x.id === d.id ? d : x))),
  });
}

export function useRoutingScript() {
  return useQuery({
    queryKey: distributionKeys.script,
    queryFn: ({ signal }) => api.get<RoutingScriptView>('/api/v1/routing/script', signal).then((r) => r.script),
  });
}

export function useSaveRoutingScript() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api.put<RoutingScriptView>('/api/v1/routing/script', { code }).then((r) => r.script),
    onSuccess: (s) => qc.setQueryData(distributionKeys.script, s),
  });
}

export function useDeleteRoutingScript() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete('/api/v1/routing/script'),
    onSuccess: () => qc.setQueryData(distributionKeys.script, null),
  });
}

export function useRoutingLogs() {
  return useQuery({
    queryKey: distributionKeys.logs,
    queryFn: ({ signal }) => api.get<{ logs: LogLine[]; nextCursor: string | null }>(`/api/v1/routing/logs?limit=${LOG_LINES}`, signal).then((r) => r.logs),
    staleTime: 0,
  });
}

/** Runs the simulator; nothing live changes, so its answer is kept by the form, not in the cache. */
export function useSimulation() {
  return useMutation({
    mutationFn: (body: SimulationBody) => api.post<SimulationResult>('/api/v1/routing/simulations', body),
  });
}
