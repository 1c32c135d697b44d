// What an operator would bookmark lives in the URL: /inbox/<tab>[/<leadId>]?q=&bot=&via=
import { useCallback, useMemo } from 'react';
import { useLocation, useSearch } from 'wouter';
import type { InboxTab } from '@contracts/dialogs';
import type { ChannelKind } from '@contracts/inbox';

const TABS: InboxTab[] = ['waiting', 'mine', 'open', 'all'];
const KINDS: ChannelKind[] = ['api', 'telegram', 'widget'];

export interface PanelFilters {
  q?: string | undefined;
  botId?: number | undefined;
  channelKind?: ChannelKind | undefined;
}

export function parseTab(s: string | undefined): InboxTab {
  return TABS.includes(s as InboxTab) ? (s as InboxTab) : 'waiting';
}

export function useFilters(): [PanelFilters, (next: PanelFilters) => void] {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const filters = useMemo(() => {
    const p = new URLSearchParams(search);
    const bot = Number(p.get('bot'));
    const via = p.get('via') as ChannelKind | null;
    return {
      q: p.get('q') || undefined,
      botId: Number.isInteger(bot) && bot > 0 ? bot : undefined,
      channelKind: via && KINDS.includes(via) ? via : undefined,
    };
  }, [search]);
  const set = useCallback(
    (next: PanelFilters) => {
      const p = new URLSearchParams();
      if (next.q) p.set('q', next.q);
      if (next.botId) p.set('bot', String(next.botId));
      if (next.channelKind) p.set('via', next.channelKind);
      const s = p.toString();
      navigate(`${location}${s ? `?${s}` : ''}`, { replace: true });
    },
    [location, navigate],
  );
  return [filters, set];
}

/** The current query string, to keep filters when moving between tabs and dialogs. */
export function useSearchSuffix(): string {
  const search = useSearch();
  return search ? `?${search}` : '';
}
