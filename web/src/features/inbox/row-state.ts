// Where a row stands for the operator looking at it, which tabs it belongs to, and the tabs' order.
// Pure functions: the server decides the same things in SQL (server/dialogs/inbox.repo.ts).
import type { InboxTab } from '@contracts/dialogs';
import type { InboxRow } from '@contracts/inbox';

/** The colour of a row, tab, badge and dialog header: one word per state (never colour alone). */
export type Tone = 'bot' | 'waiting' | 'mine' | 'other' | 'closed';

export interface Viewer {
  userId: number;
  isAdmin: boolean;
  departmentIds: number[];
}

export function toneOf(row: InboxRow, me: Viewer): Tone {
  switch (row.state) {
    case 'bot':
      return 'bot';
    case 'waiting':
      return 'waiting';
    case 'closed':
      return 'closed';
    case 'operator':
      return row.dialog?.operatorIds.includes(me.userId) ? 'mine' : 'other';
  }
}

export interface ListFilter {
  tab: InboxTab;
  q?: string | undefined;
  botId?: number | undefined;
  channelKind?: InboxRow['channelKind'] | undefined;
}

/** Whether the row belongs in a tab with these filters; `undefined` when only the server can tell (search). */
export function belongs(row: InboxRow, f: ListFilter, me: Viewer): boolean | undefined {
  if (f.botId && row.botId !== f.botId) return false;
  if (f.channelKind && row.channelKind !== f.channelKind) return false;
  const inTab = (() => {
    switch (f.tab) {
      case 'all':
        return true;
      case 'open':
        return row.state === 'operator';
      case 'mine':
        return row.state === 'operator' && !!row.dialog?.operatorIds.includes(me.userId);
      case 'waiting': {
        if (row.state !== 'waiting') return false;
        const dep = row.dialog?.departmentId ?? null;
        return me.isAdmin || dep === null || me.departmentIds.includes(dep);
      }
    }
  })();
  if (!inTab) return false;
  return f.q ? undefined : true;
}

/** The tab's order: Waiting oldest first (who waited longest), the others newest activity first. */
export function compareRows(tab: InboxTab): (a: InboxRow, b: InboxRow) => number {
  if (tab === 'waiting') {
    return (a, b) => (a.dialog?.createdAt ?? 0) - (b.dialog?.createdAt ?? 0) || a.leadId - b.leadId;
  }
  return (a, b) => b.lastActivityAt - a.lastActivityAt || b.leadId - a.leadId;
}

/**
 * A loaded list after one row changed: replaced in place, moved to its sorted place, added or
 * removed. A row sorting after the last loaded one is left for the next page when there is one.
 */
export function placeRow(rows: InboxRow[], row: InboxRow, keep: boolean, tab: InboxTab, hasMore: boolean): InboxRow[] {
  const without = rows.filter((r) => r.leadId !== row.leadId);
  if (!keep) return without.length === rows.length ? rows : without;
  const cmp = compareRows(tab);
  let i = without.findIndex((r) => cmp(row, r) < 0);
  if (i === -1) {
    if (hasMore) return without;
    i = without.length;
  }
  return [...without.slice(0, i), row, ...without.slice(i)];
}
