// Each realtime event becomes a cache update: one small handler per type, data set when the event
// carries it, queries invalidated otherwise. There is no second store of server data.
import type { QueryClient } from '@tanstack/react-query';
import type { RealtimeEvent } from '@contracts/events';
import { setOwnStatus } from '../features/auth/api';
import { applyMessage, dialogKeys } from '../features/dialog/api';
import { quickReplyKeys } from '../features/dialog/quick-replies';
import { applyRow, applyUnread, refreshCounts } from '../features/inbox/api';
import type { Viewer } from '../features/inbox/row-state';
import { applyLeadRow } from '../features/lead/api';
import { changesMonitor, refreshMonitor } from '../lib/monitor';

type Handlers = { [K in RealtimeEvent['type']]: (qc: QueryClient, e: Extract<RealtimeEvent, { type: K }>, me: Viewer) => void };

const rowChanged = (qc: QueryClient, row: Parameters<typeof applyRow>[1], me: Viewer, details: boolean) => {
  applyRow(qc, row, me);
  applyLeadRow(qc, row, details);
  refreshCounts(qc);
};

const handlers: Handlers = {
  'lead.created': (qc, e, me) => rowChanged(qc, e.data.row, me, false),
  'lead.updated': (qc, e, me) => rowChanged(qc, e.data.row, me, true),
  'dialog.created': (qc, e, me) => rowChanged(qc, e.data.row, me, true),
  'dialog.assigned': (qc, e, me) => rowChanged(qc, e.data.row, me, true),
  'dialog.changed': (qc, e, me) => rowChanged(qc, e.data.row, me, true),
  'dialog.sla_breached': (qc, e, me) => rowChanged(qc, e.data.row, me, true),
  // The lead rated a closed dialog: the lead's card refetches its dialogs, which show the rating.
  'dialog.rated': (qc, e, me) => rowChanged(qc, e.data.row, me, true),
  'message.created': (qc, e, me) => {
    applyMessage(qc, e.data.message);
    rowChanged(qc, e.data.row, me, false);
  },
  'message.updated': (qc, e) => applyMessage(qc, e.data.message),
  'unread.changed': (qc, e) => {
    applyUnread(qc, e.data.leadId, e.data.unreadCount);
    refreshCounts(qc);
  },
  'operator.status': (qc, e) => {
    setOwnStatus(qc, e.data.userId, e.data.status);
    void qc.invalidateQueries({ queryKey: dialogKeys.directory });
  },
  // A limit or departments changed: the directory of operators (transfer and invite pickers) shows them.
  'operator.capacity': (qc) => void qc.invalidateQueries({ queryKey: dialogKeys.directory }),
  // Settings of the contact center, not shown in the workspace.
  'distribution.changed': () => undefined,
  'distribution.requested': () => undefined,
  // Handled by the socket (close code 4001) for the signed-in user; others' sign-outs change nothing here.
  'user.signed_out': () => undefined,
  'quick_replies.changed': (qc) => void qc.invalidateQueries({ queryKey: quickReplyKeys.all }),
};

export function applyEvent(qc: QueryClient, e: RealtimeEvent, me: Viewer): void {
  (handlers[e.type] as (qc: QueryClient, e: RealtimeEvent, me: Viewer) => void)(qc, e, me);
  // The live monitor (when open) refetches, at most once a second, after what changes its figures.
  if (changesMonitor(e)) refreshMonitor(qc);
}
