// Settings → Workspace (administrators): the reminder interval and the business's quick replies.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BusinessSettings } from '@contracts/business';
import type { QuickReply } from '@contracts/quick-replies';
import { api } from '../../lib/api';

type Business = { id: number; name: string; settings: BusinessSettings };

/** The same cache entry every settings screen reads the business through. */
const businessKey = ['business'] as const;
/** The same cache entry the composer reads the quick replies through, so it offers a change at once. */
const quickRepliesKey = ['quick-replies'] as const;

export function useBusinessSettings() {
  return useQuery({
    queryKey: businessKey,
    queryFn: ({ signal }) => api.get<{ business: Business }>('/api/v1/business', signal).then((r) => r.business),
  });
}

export function useSaveReminderInterval() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (reminderIntervalSec: number) =>
      api.patch<{ business: Business }>('/api/v1/business', { settings: { reminderIntervalSec } }).then((r) => r.business),
    onSuccess: (b) => qc.setQueryData(businessKey, b),
  });
}

export function useQuickReplyList() {
  return useQuery({
    queryKey: quickRepliesKey,
    queryFn: ({ signal }) => api.get<{ quickReplies: QuickReply[] }>('/api/v1/quick-replies', signal).then((r) => r.quickReplies),
  });
}

export type QuickReplyInput = { shortcut: string; text: string };

/** Adds a reply (no id) or changes one; the list is read again either way. */
export function useSaveQuickReply() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: QuickReplyInput & { id?: number }) =>
      (id === undefined
        ? api.post<{ quickReply: QuickReply }>('/api/v1/quick-replies', body)
        : api.patch<{ quickReply: QuickReply }>(`/api/v1/quick-replies/${id}`, body)
      ).then((r) => r.quickReply),
    onSuccess: () => qc.invalidateQueries({ queryKey: quickRepliesKey }),
  });
}

export function useDeleteQuickReply() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<{ ok: true }>(`/api/v1/quick-replies/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: quickRepliesKey }),
  });
}
