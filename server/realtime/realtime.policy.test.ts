import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../contracts/events';
import type { Role } from '../../contracts/roles';
import type { Actor } from '../shared/actor';
import { canReportActivity, canSee, canSeeActivity, canSubscribe } from './realtime.policy';

const ev: EventEnvelope = { seq: 1, type: 'operator.status', data: { userId: 9, status: 'online' }, at: 0 };
const user = (roles: Role[], businessId = 1): Actor => ({ kind: 'user', businessId, userId: 7, roles, name: 'Olga' });

describe('realtime visibility', () => {
  it('lets operators, admins and viewers subscribe, and nobody else', () => {
    expect(canSubscribe(user(['operator']))).toBe(true);
    expect(canSubscribe(user(['admin']))).toBe(true);
    expect(canSubscribe(user(['viewer']))).toBe(true);
    expect(canSubscribe(user(['bot_editor', 'script_editor']))).toBe(false);
    expect(canSubscribe(user([]))).toBe(false);
    expect(canSubscribe({ kind: 'token', businessId: 1, tokenId: 3, roles: ['admin'] })).toBe(true);
    expect(canSubscribe({ kind: 'token', businessId: 1, tokenId: 3, roles: ['bot_editor'] })).toBe(false);
    // The system acts on its own; it never holds a socket.
    expect(canSubscribe({ kind: 'system', businessId: 1, reason: 'router' })).toBe(false);
  });

  it('shows every event of the own business to its contact-center users (the All tab)', () => {
    expect(canSee(user(['operator'], 1), 1, ev)).toBe(true);
    expect(canSee(user(['viewer'], 1), 1, ev)).toBe(true);
  });

  it('never shows an event of another business, whatever the roles', () => {
    expect(canSee(user(['admin', 'operator'], 1), 2, ev)).toBe(false);
    expect(canSee({ kind: 'token', businessId: 2, tokenId: 1, roles: ['admin'] }, 1, ev)).toBe(false);
  });

  it('shows quick_replies.changed to every contact-center user of the business: each composer refetches', () => {
    const changed: EventEnvelope = { seq: 2, type: 'quick_replies.changed', data: {}, at: 0 };
    for (const r of ['operator', 'admin', 'viewer'] as const) expect(canSee(user([r], 1), 1, changed), r).toBe(true);
    expect(canSee(user(['admin'], 2), 1, changed)).toBe(false);
  });

  it('shows nothing to users without a contact-center role', () => {
    expect(canSee(user(['bot_editor'], 1), 1, ev)).toBe(false);
  });
});

describe('operators’ activity in dialogs', () => {
  const notice = { type: 'activity', leadId: 3, userId: 9, name: 'Irina', activity: 'viewing', connection: 'c', ttlMs: 45_000 } as const;

  it('lets people of the contact center say they view; only those who write say they type', () => {
    expect(canReportActivity(user(['operator']), 'typing')).toBe(true);
    expect(canReportActivity(user(['admin']), 'typing')).toBe(true);
    expect(canReportActivity(user(['viewer']), 'viewing')).toBe(true);
    expect(canReportActivity(user(['viewer']), 'left')).toBe(true);
    expect(canReportActivity(user(['viewer']), 'typing')).toBe(false);
    expect(canReportActivity(user(['bot_editor']), 'viewing')).toBe(false);
    // A token has nobody behind it to collide with.
    expect(canReportActivity({ kind: 'token', businessId: 1, tokenId: 3, roles: ['admin'] }, 'viewing')).toBe(false);
  });

  it('shows it to whoever follows the business, never to the sender and never across businesses', () => {
    expect(canSeeActivity(user(['operator'], 1), 1, notice)).toBe(true);
    expect(canSeeActivity(user(['viewer'], 1), 1, notice)).toBe(true);
    expect(canSeeActivity({ kind: 'user', businessId: 1, userId: 9, roles: ['operator'], name: 'Irina' }, 1, notice)).toBe(false);
    expect(canSeeActivity(user(['admin', 'operator'], 2), 1, notice)).toBe(false);
    expect(canSeeActivity(user(['bot_editor'], 1), 1, notice)).toBe(false);
  });
});
