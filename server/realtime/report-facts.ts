// The reporting part of the event log: which events a report counts, each as one narrow row.
// Pure: a fact is read off the event alone, so the facts are exactly the log's, and a report over any
// past period is recomputed from them (the realtime log itself is pruned after EVENT_RETENTION_DAYS).
import type { RealtimeEvent } from '../../contracts/events';
import type { Dialog, InboxRow } from '../../contracts/inbox';

/**
 * What a fact records. `opened`: the dialog started waiting for operators (value: its first-response
 * target in seconds, or null); `stepped_in`: an operator opened it (no wait); `assigned`: it got an
 * operator; `requeued`: back to waiting; `moved`: to another department; `lead_message`: the lead wrote
 * before any operator answered; `responded`: the operators' first answer; `closed` / `returned`: it ended
 * (operator: who ended it); `breached`: a service target was missed (value 1 first response, 2 next
 * response); `status`: an operator went Online (value 1) or Offline (0); `rated`: the lead's rating (value 1–5).
 */
export type FactKind =
  'opened' | 'stepped_in' | 'assigned' | 'requeued' | 'moved' | 'lead_message' | 'responded' | 'closed' | 'returned' | 'breached' | 'status' | 'rated';

export interface ReportFact {
  seq: number;
  at: number;
  kind: FactKind;
  dialogId: number | null;
  botId: number | null;
  channelId: number | null;
  departmentId: number | null;
  operatorId: number | null;
  value: number | null;
  /** When the fact's dialog was opened (its facts are read together by it); null: not about a dialog. */
  openedAt: number | null;
}

export const BREACH_VALUE = { first_response: 1, next_response: 2 } as const;

/** The fact an event makes, if a report counts it. */
export function reportFactOf(e: RealtimeEvent): ReportFact | null {
  const base = { seq: e.seq, at: e.at };
  const about = (row: InboxRow, dialog: Dialog) => ({
    ...base,
    dialogId: dialog.id,
    botId: row.botId,
    channelId: row.channelId,
    departmentId: dialog.departmentId,
    openedAt: dialog.createdAt,
  });
  switch (e.type) {
    case 'dialog.created': {
      const { row, dialog } = e.data;
      if (dialog.state === 'waiting') {
        const target = dialog.firstResponseDueAt === null ? null : Math.round((dialog.firstResponseDueAt - dialog.createdAt) / 1000);
        return { ...about(row, dialog), kind: 'opened', operatorId: null, value: target };
      }
      return { ...about(row, dialog), kind: 'stepped_in', operatorId: dialog.assigneeId, value: null };
    }
    case 'dialog.assigned':
      return { ...about(e.data.row, e.data.dialog), kind: 'assigned', operatorId: e.data.operatorId, value: null };
    case 'dialog.changed': {
      const { row, dialog, change, byUserId } = e.data;
      if (change === 'closed') return { ...about(row, dialog), kind: 'closed', operatorId: byUserId, value: null };
      if (change === 'returned_to_bot') return { ...about(row, dialog), kind: 'returned', operatorId: byUserId, value: null };
      if (change === 'transferred_to_department') return { ...about(row, dialog), kind: 'moved', operatorId: byUserId, value: null };
      if (change === 'released') return { ...about(row, dialog), kind: 'requeued', operatorId: byUserId, value: null };
      return null;
    }
    case 'message.created': {
      const { message, row } = e.data;
      const dialog = row.dialog;
      if (!dialog || message.dialogId !== dialog.id || message.internal) return null;
      // Only what tells how long the lead waited for a person: their messages before the first answer, and that answer.
      if (message.author === 'lead' && dialog.firstResponseAt === null) return { ...about(row, dialog), kind: 'lead_message', operatorId: null, value: null };
      if (message.author === 'operator' && dialog.firstResponseAt === message.createdAt)
        return { ...about(row, dialog), kind: 'responded', operatorId: message.authorUserId, value: null };
      return null;
    }
    case 'dialog.rated': {
      const { row, dialog, rating } = e.data;
      return { ...about(row, dialog), kind: 'rated', operatorId: dialog.assigneeId ?? null, value: rating };
    }
    case 'dialog.sla_breached': {
      const { row, dialog, target } = e.data;
      return { ...about(row, dialog), kind: 'breached', operatorId: dialog.assigneeId, value: BREACH_VALUE[target] };
    }
    case 'operator.status':
      return {
        ...base,
        kind: 'status',
        dialogId: null,
        botId: null,
        channelId: null,
        departmentId: null,
        operatorId: e.data.userId,
        value: e.data.status === 'online' ? 1 : 0,
        openedAt: null,
      };
    default:
      return null;
  }
}
