import { describe, expect, it } from 'vitest';
import type { Role } from '../../contracts/roles';
import type { Actor } from '../shared/actor';
import { canEditLeads, canViewLeads } from './leads.policy';

const user = (...roles: Role[]): Actor => ({ kind: 'user', businessId: 1, userId: 1, roles, name: 'U' });
const token = (...roles: Role[]): Actor => ({ kind: 'token', businessId: 1, tokenId: 1, roles });

describe('leads policy', () => {
  it('lets the contact center read leads, and only operators and administrators change them', () => {
    for (const a of [user('operator'), user('admin'), user('viewer'), token('viewer')]) expect(canViewLeads(a)).toBe(true);
    for (const a of [user('bot_editor'), user('script_editor'), token('bot_editor')]) expect(canViewLeads(a)).toBe(false);
    for (const a of [user('operator'), user('admin'), token('operator')]) expect(canEditLeads(a)).toBe(true);
    for (const a of [user('viewer'), token('viewer'), user('bot_editor')]) expect(canEditLeads(a)).toBe(false);
  });
});
