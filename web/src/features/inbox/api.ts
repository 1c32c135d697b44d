// The dialog panel's server state: pages of a tab and the tabs' counts, kept live by realtime events.
import { replaceEqualDeep, useInfiniteQuery, useQuery, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import type { InboxCounts } from '@contracts/dialogs';
import type { InboxRow } from '@contracts/inbox';
import { api, qs } from '../../lib/api';
import { belongs, placeRow, type ListFilter, type Viewer } from './row-state';

interface Page {
  rows: InboxRow[];
  nextCursor: string | null;
  seq: number;
}
const PAGE = 100;

export const inboxKeys = {
  all: ['inbox'] as const,
  lists: () => [...inboxKeys.all, 'list'] as const,
  list: (f: ListFilter) => [...inboxKeys.lists(), f] as const,
  counts: (f: Omit<ListFilter, 'tab' | 'q'>) => [...inboxKeys.all, 'counts', f] as const,
};

export function useInboxList(f: ListFilter) {
  return useInfiniteQuery({
    queryKey: inboxKeys.list(f),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page>(`/api/v1/inbox${qs({ tab: f.tab, q: f.q, botId: f.botId, channelKind: f.channelKind, cursor: pageParam, limit: PAGE })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    structuralSharing: shareRowsByLead,
  });
}

/**
 * Structural sharing by lead, not by position. TanStack's default compares rows index by index, so when
 * a row moves to the top every row it passes became a new object (a mix of its neighbours) and the whole
 * visible list re-rendered on each message. A row equal to the one loaded for its lead keeps that object.
 */
function shareRowsByLead(prev: unknown, next: unknown): unknown {
  const before = prev as InfiniteData<Page, string | undefined> | undefined;
  const after = next as InfiniteData<Page, string | undefined>;
  if (!before?.pages || !after?.pages) return next;
  const known = new Map<number, InboxRow>();
  for (const p of before.pages) for (const r of p.rows) known.set(r.leadId, r);
  const pages = after.pages.map((p, i) => {
    const rows = p.rows.map((r) => {
      const old = known.get(r.leadId);
      return old === undefined || old === r ? r : replaceEqualDeep(old, r);
    });
    const old = before.pages[i];
    return old && old.nextCursor === p.nextCursor && old.seq === p.seq && sameItems(old.rows, rows) ? old : { ...p, rows };
  });
  return sameItems(before.pages, pages) && sameItems(before.pageParams, after.pageParams) ? before : { ...after, pages };
}

const sameItems = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function useInboxCounts(f: Omit<ListFilter, 'tab' | 'q'>) {
  return useQuery({
    queryKey: inboxKeys.counts(f),
    queryFn: ({ signal }) => api.get<InboxCounts>(`/api/v1/inbox/counts${qs({ botId: f.botId, channelKind: f.channelKind })}`, signal),
  });
}

/**
 * Writes a changed row into every loaded list: in place, moved, added or removed. A list that is
 * loading, or that only the server can match (search), is refetched instead.
 */
export function applyRow(qc: QueryClient, row: InboxRow, me: Viewer): void {
  for (const q of qc.getQueryCache().findAll({ queryKey: inboxKeys.lists() })) {
    const f = q.queryKey[2] as ListFilter;
    const data = q.state.data as InfiniteData<Page, string | undefined> | undefined;
    const fits = belongs(row, f, me);
    const loaded = data?.pages.some((p) => p.rows.some((r) => r.leadId === row.leadId)) ?? false;
    if (!data || q.state.fetchStatus === 'fetching' || (fits === undefined && !loaded)) {
      void qc.invalidateQueries({ queryKey: q.queryKey, exact: true });
      continue;
    }
    const rows = data.pages.flatMap((p) => p.rows);
    const hasMore = data.pages[data.pages.length - 1]?.nextCursor != null;
    const next = placeRow(rows, row, fits !== false, f.tab, hasMore);
    if (next === rows) continue;
    // One page holds every loaded row; the last page keeps the cursor for loading more.
    const pages = data.pages.map((p, i) => ({ ...p, rows: i === 0 ? next : [] }));
    qc.setQueryData<InfiniteData<Page, string | undefined>>(q.queryKey, { ...data, pages });
  }
}

/** Sets a lead's unread count wherever its row is loaded. */
export function applyUnread(qc: QueryClient, leadId: number, unreadCount: number): void {
  qc.setQueriesData<InfiniteData<Page, string | undefined>>({ queryKey: inboxKeys.lists() }, (data) => {
    if (!data?.pages.some((p) => p.rows.some((r) => r.leadId === leadId && r.unreadCount !== unreadCount))) return data;
    return { ...data, pages: data.pages.map((p) => ({ ...p, rows: p.rows.map((r) => (r.leadId === leadId ? { ...r, unreadCount } : r)) })) };
  });
}

let countsTimer: ReturnType<typeof setTimeout> | undefined;
/** Counts change with almost every event; refetch them at most a few times a second. */
export function refreshCounts(qc: QueryClient): void {
  if (countsTimer) return;
  countsTimer = setTimeout(() => {
    countsTimer = undefined;
    void qc.invalidateQueries({ queryKey: [...inboxKeys.all, 'counts'] });
  }, 250);
}
