// Service targets (administrators): the business's first- and next-response targets and when a
// waiting lead counts as abandoned, and each department's own targets.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DepartmentView } from '@contracts/accounts';
import type { BusinessSettings } from '@contracts/business';
import { api } from '../../lib/api';
import { directoryKeys } from '../../lib/directory';

export type ServiceSettings = Pick<BusinessSettings, 'firstResponseTargetSec' | 'nextResponseTargetSec' | 'abandonAfterSec'>;
export type DepartmentTargets = Pick<DepartmentView, 'firstResponseTargetSec' | 'nextResponseTargetSec'>;
type Business = { id: number; name: string; settings: BusinessSettings };

/** The same cache entry every settings screen reads the business through. */
const businessKey = ['business'] as const;

export function useBusinessSettings() {
  return useQuery({
    queryKey: businessKey,
    queryFn: ({ signal }) => api.get<{ business: Business }>('/api/v1/business', signal).then((r) => r.business),
  });
}

export function useSaveServiceSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (settings: Partial<ServiceSettings>) => api.patch<{ business: Business }>('/api/v1/business', { settings }).then((r) => r.business),
    onSuccess: (b) => qc.setQueryData(businessKey, b),
  });
}

export { useDepartments } from '../../lib/directory';

export function useSaveDepartmentTargets(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<DepartmentTargets>) => api.patch<{ department: DepartmentView }>(`/api/v1/departments/${id}`, patch).then((r) => r.department),
    onSuccess: (d) => qc.setQueryData<DepartmentView[]>(directoryKeys.departments, (ds) => ds?.map((x) => (x.id === d.id ? d : x))),
  });
}
