import { hasRole, type Actor } from '../shared/actor';

// Who may do what with quick replies. Pure predicates: no I/O, called by the use cases.

/** Everyone who works in the contact center reads the list (the composer offers it). */
export function canReadQuickReplies(actor: Actor): boolean {
  return hasRole(actor, 'operator', 'admin', 'viewer');
}

/** The business's canned texts are the administrators' to write. */
export function canManageQuickReplies(actor: Actor): boolean {
  return hasRole(actor, 'admin');
}
