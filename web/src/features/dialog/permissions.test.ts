import { describe, expect, it } from 'vitest';
import type { InboxRow } from '@contracts/inbox';
import { actionsFor, writeBlock } from './permissions';

const row = (state: InboxRow['state'], operatorIds: number[] = [], departmentId: number | null = null): InboxRow => ({
  leadId: 1,
  name: 'Anna',
  botId: 1,
  botName: 'Shop',
  channelId: 1,
  channelKind: 'api',
  state,
  unreadCount: 0,
  lastMessageAt: null,
  lastMessagePreview: null,
  lastMessageAuthor: null,
  lastActivityAt: 1,
  phone: null,
  dialog:
    state === 'bot'
      ? null
      : {
          id: 5,
          leadId: 1,
          state: state === 'waiting' ? 'waiting' : state === 'closed' ? 'closed' : 'active',
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
        },
});
const olga = { userId: 7, roles: ['operator' as const], departmentIds: [2] };

describe('what an operator may do with a dialog', () => {
  it('takes a waiting dialog, then closes or returns it', () => {
    expect(actionsFor(row('waiting'), olga)).toMatchObject({ take: true, close: true, returnToBot: true, transfer: false });
    expect(actionsFor(row('operator', [7]), olga)).toMatchObject({ take: false, close: true, returnToBot: true, transfer: true, invite: true });
  });

  it('explains why the composer is closed', () => {
    expect(writeBlock(row('operator', [8]), olga)).toBe('otherOperator');
    expect(writeBlock(row('waiting', [], 3), olga)).toBe('department');
    expect(writeBlock(row('bot'), { userId: 9, roles: ['viewer'], departmentIds: [] })).toBe('viewer');
    expect(writeBlock(row('bot'), olga)).toBeNull();
    expect(writeBlock(row('closed'), olga)).toBeNull();
  });

  it('reopens a closed conversation and takes one from the bot', () => {
    expect(actionsFor(row('closed'), olga)).toMatchObject({ reopen: true, takeFromBot: false, close: false });
    expect(actionsFor(row('bot'), olga)).toMatchObject({ reopen: false, takeFromBot: true });
    expect(actionsFor(row('closed'), { userId: 9, roles: ['viewer'], departmentIds: [] })).toMatchObject({ reopen: false });
  });

  it("leaves another operator's dialog alone unless an administrator", () => {
    expect(actionsFor(row('operator', [8]), olga)).toMatchObject({ close: false, transfer: false });
    expect(actionsFor(row('operator', [8]), { ...olga, roles: ['admin'] })).toMatchObject({ close: true, transfer: true });
  });
});
