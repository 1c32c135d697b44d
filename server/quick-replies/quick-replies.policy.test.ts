import { describe, expect, it } from 'vitest';
import type { Role } from '../../contracts/roles';
import type { Actor } from '../shared/actor';
import { canManageQuickReplies, canReadQuickReplies } from './quick-replies.policy';

const user = (roles: Role[]): Actor => ({ kind: 'user', businessId: 1, userId: 7, roles, name: 'Olga' });

describe('quick replies policy', () => {
  it('lets operators, admins and viewers read, and nobody else', () => {
    for (const r of ['operator', 'admin', 'viewer'] as const) expect(canReadQuickReplies(user([r])), r).toBe(true);
    expect(canReadQuickReplies(user(['bot_editor', 'script_editor']))).toBe(false);
    expect(canReadQuickReplies({ kind: 'token', businessId: 1, tokenId: 3, roles: ['operator'] })).toBe(true);
  });

  it('lets only admins (people or tokens) manage', () => {
    expect(canManageQuickReplies(user(['admin']))).toBe(true);
    expect(canManageQuickReplies({ kind: 'token', businessId: 1, tokenId: 3, roles: ['admin'] })).toBe(true);
    expect(canManageQuickReplies(user(['operator', 'viewer', 'bot_editor']))).toBe(false);
  });
});
