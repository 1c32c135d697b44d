import { describe, expect, it } from 'vitest';
import type { Role } from '../../contracts/roles';
import type { Actor } from '../shared/actor';
import { canViewDialogs, canWorkDialogs, seesEveryWaitingDialog } from './dialogs.policy';

const user = (...roles: Role[]): Actor => ({ kind: 'user', businessId: 1, userId: 1, roles, name: 'U' });
const token = (...roles: Role[]): Actor => ({ kind: 'token', businessId: 1, tokenId: 1, roles });

describe('dialogs policy', () => {
  it('shows the panel to the contact center; notes and reading to those who work the dialogs', () => {
    expect([user('operator'), user('admin'), user('viewer'), user('bot_editor')].map(canViewDialogs)).toEqual([true, true, true, false]);
    expect([user('operator'), user('admin'), user('viewer'), token('viewer')].map(canWorkDialogs)).toEqual([true, true, false, false]);
  });

  it('shows an operator only the waiting dialogs of their departments; administrators and tokens see all', () => {
    expect(seesEveryWaitingDialog(user('operator'))).toBe(false);
    expect(seesEveryWaitingDialog(user('admin', 'operator'))).toBe(true);
    expect(seesEveryWaitingDialog(token('operator'))).toBe(true);
  });
});
