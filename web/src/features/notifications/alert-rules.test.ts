import { describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '@contracts/events';
import type { InboxRow, Message } from '@contracts/inbox';
import { attentionCount, chimesFor, titleFor } from './alert-rules';

const me = { userId: 7, isAdmin: false, departmentIds: [2] };
const dialog = (departmentId: number | null, operatorIds: number[] = []) => ({
  id: 1,
  leadId: 1,
  state: operatorIds.length ? ('active' as const) : ('waiting' as const),
  departmentId,
  assigneeId: operatorIds[0] ?? null,
  operatorIds,
  createdAt: 1,
  assignedAt: null,
  firstResponseAt: null,
  endedAt: null,
  endReason: null,
  waitingSince: null,
  firstResponseDueAt: null,
  nextResponseDueAt: null,
  breached: [],
  rating: null,
});
const row = (state: InboxRow['state'], d: ReturnType<typeof dialog> | null): InboxRow => ({
  leadId: 1,
  name: 'A',
  botId: 1,
  botName: 'B',
  channelId: 1,
  channelKind: 'api',
  state,
  dialog: d,
  unreadCount: 1,
  lastMessageAt: 1,
  lastMessagePreview: 'x',
  lastMessageAuthor: 'lead',
  lastActivityAt: 1,
  phone: null,
});
const msg = (author: Message['author']): Message => ({
  id: 1,
  leadId: 1,
  dialogId: 1,
  author,
  authorUserId: null,
  authorName: null,
  text: 'hi',
  payload: null,
  clientMessageId: null,
  delivery: 'none',
  createdAt: 1,
  internal: false,
  attachments: [],
});
const ev = (e: Omit<RealtimeEvent, 'seq' | 'at'>) => ({ seq: 1, at: 1, ...e }) as RealtimeEvent;

describe('when the workspace chimes', () => {
  it('for a lead newly waiting that I may take, not one for another department', () => {
    expect(chimesFor(ev({ type: 'dialog.created', data: { row: row('waiting', dialog(null)), dialog: dialog(null) } }), me)).toBe(true);
    expect(chimesFor(ev({ type: 'dialog.created', data: { row: row('waiting', dialog(3)), dialog: dialog(3) } }), me)).toBe(false);
  });

  it('for a dialog back in the queue (its operator went offline) that I may take', () => {
    const back = (departmentId: number | null) =>
      ev({ type: 'dialog.changed', data: { row: row('waiting', dialog(departmentId)), dialog: dialog(departmentId), change: 'released' } });
    expect(chimesFor(back(null), me)).toBe(true);
    expect(chimesFor(back(3), me)).toBe(false);
  });

  it("for a lead's message in a waiting dialog or one of mine, not in another operator's or from the bot", () => {
    expect(chimesFor(ev({ type: 'message.created', data: { message: msg('lead'), row: row('waiting', dialog(null)) } }), me)).toBe(true);
    expect(chimesFor(ev({ type: 'message.created', data: { message: msg('lead'), row: row('operator', dialog(null, [7])) } }), me)).toBe(true);
    expect(chimesFor(ev({ type: 'message.created', data: { message: msg('lead'), row: row('operator', dialog(null, [8])) } }), me)).toBe(false);
    expect(chimesFor(ev({ type: 'message.created', data: { message: msg('bot'), row: row('waiting', dialog(null)) } }), me)).toBe(false);
    expect(chimesFor(ev({ type: 'message.created', data: { message: msg('lead'), row: row('bot', null) } }), me)).toBe(false);
  });

  it('counts waiting and my unread dialogs in the title', () => {
    expect(titleFor(attentionCount({ waiting: 2, mineUnread: 1 }), 'Metadesk')).toBe('(3) Metadesk');
    expect(titleFor(attentionCount({ waiting: 0, mineUnread: 0 }), 'Metadesk')).toBe('Metadesk');
  });
});
