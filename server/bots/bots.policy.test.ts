import { describe, expect, it } from 'vitest';
import type { Role } from '../../contracts/roles';
import { canEditScripts, canManageBots } from './bots.policy';

const user = (...roles: Role[]) => ({ kind: 'user' as const, businessId: 1, userId: 1, roles, name: 'U' });

describe('canManageBots', () => {
  it('lets admins and bot editors in, people and tokens alike', () => {
    expect(canManageBots(user('admin'))).toBe(true);
    expect(canManageBots(user('bot_editor'))).toBe(true);
    expect(canManageBots({ kind: 'token', businessId: 1, tokenId: 1, roles: ['bot_editor'] })).toBe(true);
  });

  it('keeps operators, viewers and script editors out', () => {
    expect(canManageBots(user('operator'))).toBe(false);
    expect(canManageBots(user('viewer'))).toBe(false);
    expect(canManageBots(user('script_editor', 'operator'))).toBe(false);
  });
});

describe('canEditScripts', () => {
  it('lets admins, bot editors and script editors in', () => {
    expect(canEditScripts(user('admin'))).toBe(true);
    expect(canEditScripts(user('bot_editor'))).toBe(true);
    expect(canEditScripts(user('script_editor'))).toBe(true);
    expect(canEditScripts({ kind: 'token', businessId: 1, tokenId: 1, roles: ['script_editor'] })).toBe(true);
  });

  it('keeps operators and viewers out', () => {
    expect(canEditScripts(user('operator'))).toBe(false);
    expect(canEditScripts(user('viewer'))).toBe(false);
    expect(canEditScripts({ kind: 'token', businessId: 1, tokenId: 1, roles: ['operator'] })).toBe(false);
  });
});
