import * as Tabs from '@radix-ui/react-tabs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InboxTab } from '@contracts/dialogs';
import { useFilters } from '../../lib/url-state';
import { useInboxCounts } from './api';
import { InboxList } from './InboxList';
import type { Viewer } from './row-state';

const TABS: InboxTab[] = ['waiting', 'mine', 'open', 'all'];
const TAB_TONE = { waiting: 'waiting', mine: 'mine', open: 'other', all: 'bot' } as const;

export interface PanelProps {
  me: Viewer;
  tab: InboxTab;
  openLeadId: number | null;
  bots: { id: number; name: string }[];
  onTab(tab: InboxTab): void;
}

/** The dialog panel: tabs with live counts, search, filters (all in the URL) and the list. */
export function InboxPanel({ me, tab, openLeadId, bots, onTab }: PanelProps) {
  const { t } = useTranslation();
  const [filters, setFilters] = useFilters();
  const counts = useInboxCounts({ botId: filters.botId, channelKind: filters.channelKind });
  const [q, setQ] = useState(filters.q ?? '');
  const searchRef = useRef<HTMLInputElement>(null);
  // Typing updates the URL (and the query) once the operator pauses.
  useEffect(() => {
    if ((filters.q ?? '') === q.trim()) return;
    const id = setTimeout(() => setFilters({ ...filters, q: q.trim() || undefined }), 250);
    return () => clearTimeout(id);
  }, [q, filters, setFilters]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '/' && !isTyping(e.target)) {
        e.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const c = counts.data;
  const pulse = useGrowthPulse(c?.waiting, tab !== 'waiting');
  return (
    <section className="panel" aria-label={t('inbox.panel')}>
      <Tabs.Root value={tab} onValueChange={(v) => onTab(v as InboxTab)} className="tabs-root" activationMode="manual">
        <Tabs.List className="tabs" aria-label={t('inbox.tabs')}>
          {TABS.map((k) => (
            <Tabs.Trigger key={k} value={k} className={`tab tone-${TAB_TONE[k]}`}>
              <span>{t(`inbox.tab.${k}`)}</span>
              <span
                key={k === 'waiting' && pulse ? `pulse-${pulse}` : 'count'}
                className={`tab-count${k === 'waiting' && pulse ? ' pulse' : ''}`}
                aria-label={t('inbox.countLabel', { count: c?.[k] ?? 0 })}
              >
                {c ? c[k] : '…'}
              </span>
              {k === 'mine' && c && c.mineUnread > 0 && (
                <span className="tab-unread" aria-label={t('inbox.mineUnread', { count: c.mineUnread })}>
                  {c.mineUnread}
                </span>
              )}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        <div className="panel-tools">
          <label htmlFor="inbox-search" className="visually-hidden">
            {t('inbox.search')}
          </label>
          <input
            id="inbox-search"
            ref={searchRef}
            type="search"
            className="search"
            value={q}
            placeholder={t('inbox.searchPlaceholder')}
            onChange={(e) => setQ(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setQ('');
                e.currentTarget.blur();
              }
            }}
          />
          <div className="filters">
            <label htmlFor="filter-bot" className="visually-hidden">
              {t('inbox.filterBot')}
            </label>
            <select id="filter-bot" value={filters.botId ?? ''} onChange={(e) => setFilters({ ...filters, botId: Number(e.target.value) || undefined })}>
              <option value="">{t('inbox.allBots')}</option>
              {bots.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
            <label htmlFor="filter-via" className="visually-hidden">
              {t('inbox.filterMessenger')}
            </label>
            <select
              id="filter-via"
              value={filters.channelKind ?? ''}
              onChange={(e) => setFilters({ ...filters, channelKind: (e.target.value || undefined) as typeof filters.channelKind })}
            >
              <option value="">{t('inbox.allMessengers')}</option>
              {(['telegram', 'widget', 'api'] as const).map((k) => (
                <option key={k} value={k}>
                  {t(`messenger.${k}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        {TABS.map((k) => (
          <Tabs.Content key={k} value={k} className="tab-panel">
            {k === tab && <InboxList filter={{ tab, ...filters }} me={me} openLeadId={openLeadId} />}
          </Tabs.Content>
        ))}
      </Tabs.Root>
    </section>
  );
}

/** A number that changes each time the count grows while the operator looks elsewhere (0: no pulse). */
function useGrowthPulse(count: number | undefined, elsewhere: boolean): number {
  const prev = useRef(count);
  const [pulse, setPulse] = useState(0);
  useEffect(() => {
    if (count !== undefined && prev.current !== undefined && count > prev.current && elsewhere) setPulse((p) => p + 1);
    prev.current = count;
  }, [count, elsewhere]);
  return elsewhere ? pulse : 0;
}

export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}
