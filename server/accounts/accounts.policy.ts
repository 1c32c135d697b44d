import type { Role } from '../../contracts/roles';
import { hasRole, type Actor } from '../shared/actor';

// Who may do what in the accounts module. Pure predicates: no I/O, called by the use cases.

/** Creating, changing and disabling the business's users. */
export function canManageUsers(actor: Actor): boolean {
  return hasRole(actor, 'admin');
}

/** Seeing and changing the business's name and settings. */
export function canManageBusiness(actor: Actor): boolean {
  return hasRole(actor, 'admin');
}

/** Creating, renaming and deleting departments. */
export function canManageDepartments(actor: Actor): boolean {
  return hasRole(actor, 'admin');
}

/** Listing, issuing and revoking API tokens. */
export function canManageApiTokens(actor: Actor): boolean {
  return hasRole(actor, 'admin');
}

/** An operator switches their own status; an admin or the system (routing) anyone's. */
export function canSetOperatorStatus(actor: Actor, userId: number): boolean {
  if (hasRole(actor, 'admin')) return true; // also true for the system actor
  return actor.kind === 'user' && actor.userId === userId && actor.roles.includes('operator');
}

/** Only operators have an Online/Offline status that matters. */
export function isOperator(roles: readonly Role[]): boolean {
  return roles.includes('operator');
}

/**
 * Why an admin's change to a user would lock the admin out of administration, or null when it is fine:
 * nobody may drop their own admin role or disable themselves.
 */
export function selfLockoutReason(actor: Actor, userId: number, change: { roles?: readonly Role[]; disabled?: boolean }): string | null {
  if (actor.kind !== 'user' || actor.userId !== userId) return null;
  if (change.disabled === true) return 'You cannot disable your own account';
  if (change.roles && actor.roles.includes('admin') && !change.roles.includes('admin')) {
    return 'You cannot remove your own admin role; ask another admin';
  }
  return null;
}

/** True when a change takes away a user's administration (role removed or account disabled). */
export function removesAdmin(before: { roles: readonly Role[]; disabled: boolean }, change: { roles?: readonly Role[]; disabled?: boolean }): boolean {
  if (!before.roles.includes('admin') || before.disabled) return false;
  return change.disabled === true || (change.roles !== undefined && !change.roles.includes('admin'));
}
