// The satisfaction survey's settings (administrators): part of the business's settings.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BusinessSettings, CsatSettings } from '@contracts/business';
import { api } from '../../lib/api';

type Business = { id: number; name: string; settings: BusinessSettings };

/** The same cache entry every settings screen reads the business through. */
const businessKey = ['business'] as const;

export function useBusinessSettings() {
  return useQuery({
    queryKey: businessKey,
    queryFn: ({ signal }) => api.get<{ business: Business }>('/api/v1/business', signal).then((r) => r.business),
  });
}

/** Saves the whole survey at once (its texts are checked together). */
export function useSaveCsat() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (csat: CsatSettings) => api.patch<{ business: Business }>('/api/v1/business', { settings: { csat } }).then((r) => r.business),
    onSuccess: (b) => qc.setQueryData(businessKey, b),
  });
}
