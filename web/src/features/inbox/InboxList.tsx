import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { InboxRow } from '@contracts/inbox';
import { errorMessage } from '../../lib/error-message';
import { useInboxList } from './api';
import { isTyping } from './InboxPanel';
import { InboxRowView, ROW_HEIGHT } from './InboxRowView';
import type { ListFilter, Viewer } from './row-state';

interface Props {
  filter: ListFilter;
  me: Viewer;
  openLeadId: number | null;
}

const estimateSize = () => ROW_HEIGHT;

/** A tab's rows, virtualized (10,000 rows scroll like 10); live rows never move the list under the pointer. */
export function InboxList({ filter, me, openLeadId }: Props) {
  const { t } = useTranslation();
  const list = useInboxList(filter);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.rows) ?? [], [list.data]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const pointerInside = useRef(false);
  // A new getItemKey makes the virtualizer re-measure all rows (10,000 keys): new only when the rows change.
  const getItemKey = useCallback((i: number) => rows[i]?.leadId ?? i, [rows]);
  const virt = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    overscan: 8,
    getItemKey,
  });
  useAnchoredScroll(rows, scrollRef, pointerInside, virt);

  const items = virt.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? 0;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= rows.length - 20) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, lastIndex, rows.length]);

  // j/k (anywhere but a text field) and the arrows (inside the list) move between rows; Enter opens.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const inList = scrollRef.current?.contains(document.activeElement) ?? false;
      const down = e.key === 'j' || (inList && e.key === 'ArrowDown');
      const up = e.key === 'k' || (inList && e.key === 'ArrowUp');
      if ((!down && !up) || (!inList && isTyping(e.target)) || e.metaKey || e.ctrlKey || e.altKey) return;
      e.preventDefault();
      const focused = (document.activeElement as HTMLElement | null)?.dataset.lead;
      const current = rows.findIndex((r) => r.leadId === Number(focused ?? openLeadId));
      const next = Math.max(0, Math.min(rows.length - 1, current === -1 ? 0 : current + (down ? 1 : -1)));
      const target = rows[next];
      if (!target) return;
      virt.scrollToIndex(next);
      requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-lead="${target.leadId}"]`)?.focus());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, openLeadId, virt]);

  if (list.isError)
    return (
      <p className="empty" role="alert">
        {errorMessage(t, list.error)}
      </p>
    );
  if (!list.data) return <p className="empty">{t('common.loading')}</p>;
  if (!rows.length) return <p className="empty">{filter.q ? t('inbox.nothingFound') : t(`inbox.empty.${filter.tab}`)}</p>;
  return (
    <div
      ref={scrollRef}
      className="list-scroll"
      onPointerEnter={() => {
        pointerInside.current = true;
      }}
      onPointerLeave={() => {
        pointerInside.current = false;
      }}
    >
      <ul className="list" aria-label={t(`inbox.tab.${filter.tab}`)} style={{ height: virt.getTotalSize() }}>
        {items.map((it) => {
          const row = rows[it.index] as InboxRow;
          return (
            <li key={it.key} className="list-item" aria-setsize={rows.length} aria-posinset={it.index + 1} style={{ transform: `translateY(${it.start}px)` }}>
              <InboxRowView row={row} me={me} tab={filter.tab} active={row.leadId === openLeadId} />
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/**
 * Keeps the rows the operator is looking at where they are when rows are added or move above them:
 * always while the pointer is over the list, and whenever it is scrolled away from the top.
 */
function useAnchoredScroll(
  rows: InboxRow[],
  ref: React.RefObject<HTMLDivElement | null>,
  pointerInside: React.RefObject<boolean>,
  virt: { scrollOffset: number | null },
) {
  const prev = useRef(rows);
  useLayoutEffect(() => {
    const before = prev.current;
    prev.current = rows;
    const el = ref.current;
    if (!el || before === rows) return;
    // At the top with the pointer elsewhere new rows just show above: known from the last scroll event,
    // without reading el.scrollTop, which would force a layout in every commit that changes the list.
    if (!pointerInside.current && (virt.scrollOffset ?? 0) < ROW_HEIGHT / 2) return;
    const top = el.scrollTop;
    if (!pointerInside.current && top < ROW_HEIGHT / 2) return;
    const first = Math.floor(top / ROW_HEIGHT);
    const index = new Map(rows.map((r, i) => [r, i]));
    // The first visible row that did not change itself is the anchor.
    for (let i = first; i < Math.min(before.length, first + 30); i++) {
      const was = before[i];
      const now = was && index.get(was);
      if (now !== undefined) {
        if (now !== i) el.scrollTop = top + (now - i) * ROW_HEIGHT;
        return;
      }
    }
  }, [rows, ref, pointerInside, virt]);
}
