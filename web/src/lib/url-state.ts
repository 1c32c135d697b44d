// What an operator would bookmark lives in the URL: /inbox/<tab>[/<leadId>]?q=&bot=&via=
import { useCallback, useMemo, useSyncExternalStore } from 'react';
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

// Screens over the workspace (the administration) live in the hash, e.g. #/settings/distribution: the
// server answers the app's page only at the workspace's own paths, so a reload must stay on one of them.
const LOCATION_EVENTS = ['hashchange', 'popstate', 'pushState', 'replaceState'];
function subscribeToLocation(onChange: () => void): () => void {
  for (const e of LOCATION_EVENTS) addEventListener(e, onChange);
  return () => {
    for (const e of LOCATION_EVENTS) removeEventListener(e, onChange);
  };
}
const currentHash = () => decodeURIComponent(location.hash.replace(/^#/, ''));

/** The hash's path ('' when none): follows links, history moves and the router's own navigation. */
export function useHashPath(): string {
  return useSyncExternalStore(subscribeToLocation, currentHash);
}
