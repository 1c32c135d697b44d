import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor';
import { canManageApiTokens, canManageDepartments, canManageUsers, canSetOperatorStatus, removesAdmin, selfLockoutReason } from './accounts.policy';

const admin: Actor = { kind: 'user', businessId: 1, userId: 1, roles: ['admin', 'operator'], name: 'A' };
const operator: Actor = { kind: 'user', businessId: 1, userId: 2, roles: ['operator'], name: 'O' };
const viewer: Actor = { kind: 'user', businessId: 1, userId: 3, roles: ['viewer'], name: 'V' };
const adminToken: Actor = { kind: 'token', businessId: 1, tokenId: 9, roles: ['admin'] };
const botToken: Actor = { kind: 'token', businessId: 1, tokenId: 8, roles: ['operator'] };
const router: Actor = { kind: 'system', businessId: 1, reason: 'router' };

describe('accounts policy', () => {
  it('lets admins (people or tokens) and the system manage users, departments and tokens', () => {
    for (const can of [canManageUsers, canManageDepartments, canManageApiTokens]) {
      expect([admin, adminToken, router].map(can)).toEqual([true, true, true]);
      expect([operator, viewer, botToken].map(can)).toEqual([false, false, false]);
    }
  });

  it('lets an operator switch only their own status; admins and routing anyone', () => {
    expect(canSetOperatorStatus(operator, 2)).toBe(true);
    expect(canSetOperatorStatus(operator, 5)).toBe(false);
    expect(canSetOperatorStatus(viewer, 3)).toBe(false);
    expect(canSetOperatorStatus(botToken, 2)).toBe(false);
    expect(canSetOperatorStatus(admin, 5)).toBe(true);
    expect(canSetOperatorStatus(adminToken, 5)).toBe(true);
    expect(canSetOperatorStatus(router, 5)).toBe(true);
  });

  it('stops an admin from removing their own admin role or disabling themselves', () => {
    expect(selfLockoutReason(admin, 1, { roles: ['operator'] })).toMatch(/own admin role/);
    expect(selfLockoutReason(admin, 1, { disabled: true })).toMatch(/disable your own/);
    expect(selfLockoutReason(admin, 1, { roles: ['admin'], disabled: false })).toBeNull();
    expect(selfLockoutReason(admin, 7, { roles: ['operator'], disabled: true })).toBeNull();
    expect(selfLockoutReason(adminToken, 1, { disabled: true })).toBeNull();
  });

  it('tells when a change takes administration away from a user', () => {
    const anAdmin = { roles: ['admin' as const], disabled: false };
    expect(removesAdmin(anAdmin, { roles: ['operator'] })).toBe(true);
    expect(removesAdmin(anAdmin, { disabled: true })).toBe(true);
    expect(removesAdmin(anAdmin, { roles: ['admin', 'viewer'] })).toBe(false);
    expect(removesAdmin({ roles: ['operator'], disabled: false }, { disabled: true })).toBe(false);
    expect(removesAdmin({ roles: ['admin'], disabled: true }, { roles: ['viewer'] })).toBe(false);
  });
});
