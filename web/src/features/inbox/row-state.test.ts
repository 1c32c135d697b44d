import { describe, expect, it } from 'vitest';
import type { InboxRow } from '@contracts/inbox';
import { belongs, placeRow, toneOf } from './row-state';

const me = { userId: 7, isAdmin: false, departmentIds: [2] };
const dialog = (over: Partial<NonNullable<InboxRow['dialog']>> = {}): NonNullable<InboxRow['dialog']> => ({
  id: 1,
  leadId: 1,
  state: 'waiting',
  departmentId: null,
  assigneeId: null,
  operatorIds: [],
  createdAt: 100,
  assignedAt: null,
  firstResponseAt: null,
  endedAt: null,
  endReason: null,
  waitingSince: null,
  firstResponseDueAt: null,
  nextResponseDueAt: null,
  breached: [],
  rating: null,
  ...over,
});
const row = (over: Partial<InboxRow> = {}): InboxRow => ({
  leadId: 1,
  name: 'Anna',
  botId: 1,
  botName: 'Shop',
  channelId: 1,
  channelKind: 'api',
  state: 'waiting',
  dialog: dialog(),
  unreadCount: 0,
  lastMessageAt: 1,
  lastMessagePreview: 'hi',
  lastMessageAuthor: 'lead',
  lastActivityAt: 1,
  phone: null,
  ...over,
});

describe('rows of the dialog panel', () => {
  it("tells mine from another operator's", () => {
    expect(toneOf(row({ state: 'operator', dialog: dialog({ state: 'active', operatorIds: [7] }) }), me)).toBe('mine');
    expect(toneOf(row({ state: 'operator', dialog: dialog({ state: 'active', operatorIds: [8] }) }), me)).toBe('other');
  });

  it('shows an operator only the waiting dialogs of their departments, and leaves search to the server', () => {
    expect(belongs(row({ dialog: dialog({ departmentId: 3 }) }), { tab: 'waiting' }, me)).toBe(false);
    expect(belongs(row({ dialog: dialog({ departmentId: 2 }) }), { tab: 'waiting' }, me)).toBe(true);
    expect(belongs(row(), { tab: 'waiting', q: 'ann' }, me)).toBeUndefined();
    expect(belongs(row(), { tab: 'all', botId: 2 }, me)).toBe(false);
  });

  it('keeps Waiting oldest first and moves an updated row to its place', () => {
    const a = row({ leadId: 1, dialog: dialog({ createdAt: 10 }) });
    const b = row({ leadId: 2, dialog: dialog({ createdAt: 20 }) });
    const c = row({ leadId: 3, dialog: dialog({ createdAt: 15 }) });
    expect(placeRow([a, b], c, true, 'waiting', false).map((r) => r.leadId)).toEqual([1, 3, 2]);
    expect(placeRow([a, b], c, true, 'all', false).map((r) => r.leadId)).toEqual([3, 1, 2]);
    expect(placeRow([a, b, c], c, false, 'waiting', false).map((r) => r.leadId)).toEqual([1, 2]);
    const late = row({ leadId: 4, dialog: dialog({ createdAt: 99 }) });
    expect(placeRow([a, b], late, true, 'waiting', true).map((r) => r.leadId)).toEqual([1, 2]);
  });
});
