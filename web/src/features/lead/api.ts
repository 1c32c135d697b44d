// The lead card: what the information panel and the lead's page show, and editing it.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { InboxRow } from '@contracts/inbox';
import type { LeadCard, LeadDialogList, UpdateLeadBody } from '@contracts/leads';
import { api, qs } from '../../lib/api';

export const leadKeys = {
  card: (leadId: number) => ['lead', leadId] as const,
  dialogs: (leadId: number) => ['lead', leadId, 'dialogs'] as const,
};

export function useLeadCard(leadId: number | null) {
  return useQuery({
    queryKey: leadKeys.card(leadId ?? 0),
    queryFn: ({ signal }) => api.get<LeadCard>(`/api/v1/leads/${leadId}`, signal),
    enabled: leadId !== null,
  });
}

/** The lead's dialogs, newest first, a page at a time (refetched with the card when a dialog of the lead changes). */
export function useLeadDialogs(leadId: number) {
  return useInfiniteQuery({
    queryKey: leadKeys.dialogs(leadId),
    queryFn: ({ signal, pageParam }) => api.get<LeadDialogList>(`/api/v1/leads/${leadId}/dialogs${qs({ cursor: pageParam, limit: 50 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    select: (d) => d.pages.flatMap((p) => p.dialogs),
  });
}

export function useUpdateLead(leadId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: UpdateLeadBody) => api.patch<LeadCard>(`/api/v1/leads/${leadId}${qs({})}`, patch),
    onSuccess: (card) => qc.setQueryData(leadKeys.card(leadId), card),
  });
}

/** A changed row of a lead whose card is loaded: the row at once, the rest (operators, attributes) refetched. */
export function applyLeadRow(qc: QueryClient, row: InboxRow, detailsChanged: boolean): void {
  const key = leadKeys.card(row.leadId);
  if (!qc.getQueryState(key)) return;
  qc.setQueryData<LeadCard>(key, (c) => (c ? { ...c, row } : c));
  if (detailsChanged) void qc.invalidateQueries({ queryKey: key });
}
