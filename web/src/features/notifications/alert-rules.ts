// When the workspace makes a sound: pure decisions, so they are tested without a browser.
import type { RealtimeEvent } from '@contracts/events';

/**
 * A chime for: a lead newly waiting (that I may take), a lead's new message in a waiting dialog or
 * in one of mine. Only while the page is hidden; the caller checks visibility and mute.
 */
export function chimesFor(e: RealtimeEvent, me: { userId: number; isAdmin: boolean; departmentIds: number[] }): boolean {
  switch (e.type) {
    case 'dialog.created': {
      const d = e.data.dialog;
      return e.data.row.state === 'waiting' && mayTake(d.departmentId, me);
    }
    case 'dialog.changed':
      // Back in the queue: sent to a department, or taken back from an operator who went offline.
      return (
        (e.data.change === 'transferred_to_department' || e.data.change === 'released') &&
        e.data.row.state === 'waiting' &&
        mayTake(e.data.dialog.departmentId, me)
      );
    case 'dialog.assigned':
      // Given to me by the router or someone else: the dialog is now mine to answer.
      return e.data.operatorId === me.userId && e.data.byUserId !== me.userId;
    case 'message.created': {
      if (e.data.message.author !== 'lead') return false;
      const row = e.data.row;
      if (row.state === 'waiting') return mayTake(row.dialog?.departmentId ?? null, me);
      return row.state === 'operator' && !!row.dialog?.operatorIds.includes(me.userId);
    }
    default:
      return false;
  }
}

function mayTake(departmentId: number | null, me: { isAdmin: boolean; departmentIds: number[] }): boolean {
  return departmentId === null || me.isAdmin || me.departmentIds.includes(departmentId);
}

/** How many dialogs wait for an answer: the title's "(N) Metadesk" and the reminder's reason to ring. */
export function attentionCount(c: { waiting: number; mineUnread: number } | undefined): number {
  return c ? c.waiting + c.mineUnread : 0;
}

export function titleFor(count: number, base: string): string {
  return count > 0 ? `(${count}) ${base}` : base;
}
