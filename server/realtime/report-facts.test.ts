import { describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '../../contracts/events';
import type { Dialog, InboxRow, Message } from '../../contracts/inbox';
import { reportFactOf } from './report-facts';

const dialog = (o: Partial<Dialog> = {}): Dialog => ({
  id: 7,
  leadId: 3,
  state: 'waiting',
  departmentId: 2,
  assigneeId: null,
  operatorIds: [],
  createdAt: 1_000,
  assignedAt: null,
  firstResponseAt: null,
  endedAt: null,
  endReason: null,
  waitingSince: 1_000,
  firstResponseDueAt: 61_000,
  nextResponseDueAt: null,
  breached: [],
  rating: null,
  ...o,
});
const row = (d: Dialog): InboxRow => ({
  leadId: 3,
  name: 'Nina',
  botId: 4,
  botName: 'Shop',
  channelId: 5,
  channelKind: 'api',
  state: 'waiting',
  dialog: d,
  unreadCount: 0,
  lastMessageAt: null,
  lastMessagePreview: null,
  lastMessageAuthor: null,
  lastActivityAt: 1_000,
  phone: null,
});
const message = (o: Partial<Message>): Message => ({
  id: 1,
  leadId: 3,
  dialogId: 7,
  author: 'lead',
  authorUserId: null,
  authorName: null,
  text: 'hi',
  payload: null,
  clientMessageId: null,
  delivery: 'none',
  internal: false,
  attachments: [],
  createdAt: 5_000,
  ...o,
});
const at = <E extends Omit<RealtimeEvent, 'seq' | 'at'>>(e: E, t = 5_000) => ({ seq: 9, at: t, ...e }) as RealtimeEvent;
const about = { dialogId: 7, botId: 4, channelId: 5, departmentId: 2, openedAt: 1_000, seq: 9 };

describe('the reporting facts of events', () => {
  it('a transfer opens a dialog with its first-response target; an operator opening one never waited', () => {
    const d = dialog();
    expect(reportFactOf(at({ type: 'dialog.created', data: { row: row(d), dialog: d } }, 1_000))).toEqual({
      ...about,
      at: 1_000,
      kind: 'opened',
      operatorId: null,
      value: 60,
    });
    const mine = dialog({ state: 'active', assigneeId: 11, firstResponseDueAt: null });
    expect(reportFactOf(at({ type: 'dialog.created', data: { row: row(mine), dialog: mine } }))).toMatchObject({
      kind: 'stepped_in',
      operatorId: 11,
      value: null,
    });
  });

  it('counts only the lead’s messages before the first answer, and that answer', () => {
    const waiting = dialog();
    const answered = dialog({ state: 'active', firstResponseAt: 5_000 });
    expect(reportFactOf(at({ type: 'message.created', data: { message: message({}), row: row(waiting) } }))).toMatchObject({ kind: 'lead_message' });
    expect(reportFactOf(at({ type: 'message.created', data: { message: message({}), row: row(answered) } }))).toBeNull();
    const reply = message({ author: 'operator', authorUserId: 11 });
    expect(reportFactOf(at({ type: 'message.created', data: { message: reply, row: row(answered) } }))).toMatchObject({ kind: 'responded', operatorId: 11 });
    const later = message({ author: 'operator', authorUserId: 11, createdAt: 9_000 });
    expect(reportFactOf(at({ type: 'message.created', data: { message: later, row: row(answered) } }))).toBeNull();
    const note = message({ author: 'operator', authorUserId: 11, internal: true });
    expect(reportFactOf(at({ type: 'message.created', data: { message: note, row: row(waiting) } }))).toBeNull();
  });

  it('records endings, moves, missed targets and status changes; ignores the rest', () => {
    const d = dialog({ state: 'closed' });
    const changed = (change: 'closed' | 'returned_to_bot' | 'transferred_to_department' | 'invited') =>
      reportFactOf(at({ type: 'dialog.changed', data: { row: row(d), dialog: d, change, byUserId: 11 } }));
    expect(changed('closed')).toMatchObject({ kind: 'closed', operatorId: 11 });
    expect(changed('returned_to_bot')).toMatchObject({ kind: 'returned' });
    expect(changed('transferred_to_department')).toMatchObject({ kind: 'moved' });
    expect(changed('invited')).toBeNull();
    const active = dialog({ state: 'active', assigneeId: 12 });
    expect(reportFactOf(at({ type: 'dialog.sla_breached', data: { row: row(active), dialog: active, target: 'next_response' } }))).toMatchObject({
      kind: 'breached',
      operatorId: 12,
      value: 2,
    });
    expect(reportFactOf(at({ type: 'operator.status', data: { userId: 12, status: 'offline' } }))).toMatchObject({
      kind: 'status',
      operatorId: 12,
      value: 0,
      dialogId: null,
      openedAt: null,
    });
    const rated = dialog({ state: 'closed', assigneeId: 12 });
    expect(reportFactOf(at({ type: 'dialog.rated', data: { row: row(rated), dialog: rated, rating: 4, comment: 'quick' } }))).toMatchObject({
      kind: 'rated',
      operatorId: 12,
      value: 4,
      openedAt: 1_000,
    });
    expect(reportFactOf(at({ type: 'unread.changed', data: { leadId: 3, unreadCount: 0 } }))).toBeNull();
  });
});
