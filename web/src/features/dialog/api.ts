// A lead's conversation: history pages, sending (with the message shown at once), dialog actions.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import type { WorkspaceDirectory } from '@contracts/dialogs';
import type { InboxRow, Message } from '@contracts/inbox';
import { api, qs } from '../../lib/api';

interface Page {
  messages: Message[];
  nextCursor: string | null;
}
type History = InfiniteData<Page, string | undefined>;
interface DialogResult {
  row: InboxRow;
  dialog: NonNullable<InboxRow['dialog']>;
}

export const dialogKeys = {
  messages: (leadId: number) => ['messages', leadId] as const,
  directory: ['workspace-directory'] as const,
  send: (leadId: number) => ['send', leadId] as const,
};

/** History newest page first; older pages come as the operator scrolls up. */
export function useHistory(leadId: number) {
  return useInfiniteQuery({
    queryKey: dialogKeys.messages(leadId),
    queryFn: ({ pageParam, signal }) => api.get<Page>(`/api/v1/leads/${leadId}/messages${qs({ cursor: pageParam, limit: 50 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useDirectory() {
  return useQuery({ queryKey: dialogKeys.directory, queryFn: ({ signal }) => api.get<WorkspaceDirectory>('/api/v1/workspace', signal), staleTime: 60_000 });
}

/** Adds or replaces a message in a loaded history (by id); a history still loading is refetched. */
export function applyMessage(qc: QueryClient, m: Message): void {
  const key = dialogKeys.messages(m.leadId);
  const state = qc.getQueryState(key);
  if (!state) return;
  if (state.fetchStatus === 'fetching') {
    void qc.invalidateQueries({ queryKey: key, exact: true });
    return;
  }
  qc.setQueryData<History>(key, (h) => {
    if (!h) return h;
    const known = h.pages.some((p) => p.messages.some((x) => x.id === m.id));
    const pages = h.pages.map((p, i) => {
      if (known) return { ...p, messages: p.messages.map((x) => (x.id === m.id ? m : x)) };
      return i === 0 ? { ...p, messages: [...p.messages, m].sort((a, b) => a.id - b.id) } : p;
    });
    return { ...h, pages };
  });
}

export interface SendInput {
  leadId: number;
  text: string;
  clientMessageId: string;
  attachmentIds?: number[];
  note?: boolean;
}

/** Sends a message or a note; the composer shows it at once from the mutation's variables. */
export function useSend(leadId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: dialogKeys.send(leadId),
    mutationFn: (v: SendInput) =>
      v.note
        ? api.post<{ message: Message }>(`/api/v1/leads/${v.leadId}/notes`, { text: v.text, clientMessageId: v.clientMessageId })
        : api.post<{ message: Message; row: InboxRow }>(`/api/v1/leads/${v.leadId}/messages`, {
            text: v.text || undefined,
            clientMessageId: v.clientMessageId,
            ...(v.attachmentIds?.length ? { attachmentIds: v.attachmentIds } : {}),
          }),
    onSuccess: (r) => applyMessage(qc, r.message),
  });
}

/** The dialog's lifecycle actions; results arrive as events too, so the panel moves the row. */
export function useDialogAction() {
  return useMutation({
    mutationFn: (
      a:
        | { kind: 'take' | 'close'; dialogId: number }
        | { kind: 'return'; dialogId: number; script?: string | undefined }
        | { kind: 'transfer'; dialogId: number; operatorId: number }
        | { kind: 'transferDepartment'; dialogId: number; departmentCode: string }
        | { kind: 'invite'; dialogId: number; operatorId: number }
        | { kind: 'open'; leadId: number },
    ) => {
      if (a.kind === 'open') return api.post<DialogResult>(`/api/v1/leads/${a.leadId}/open`);
      const base = `/api/v1/dialogs/${a.dialogId}`;
      switch (a.kind) {
        case 'take':
          return api.post<DialogResult>(`${base}/take`);
        case 'close':
          return api.post<DialogResult>(`${base}/close`);
        case 'return':
          return api.post<DialogResult>(`${base}/return-to-bot`, a.script ? { script: a.script } : {});
        case 'transfer':
          return api.post<DialogResult>(`${base}/transfer`, { operatorId: a.operatorId });
        case 'transferDepartment':
          return api.post<DialogResult>(`${base}/transfer`, { departmentCode: a.departmentCode });
        case 'invite':
          return api.post<DialogResult>(`${base}/invite`, { operatorId: a.operatorId });
      }
    },
  });
}

/** Sends again a message the lead's messenger did not accept; it reads "queued" until it is delivered. */
export function useRetryDelivery() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (messageId: number) => api.post<{ message: Message }>(`/api/v1/messages/${messageId}/retry`),
    onSuccess: (r) => applyMessage(qc, r.message),
  });
}

export function markRead(leadId: number): Promise<unknown> {
  return api.post(`/api/v1/leads/${leadId}/read`);
}
