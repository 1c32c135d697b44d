import { hasRole, type Actor } from '../shared/actor';

// Who may do what with attachments. Pure predicates, called by the use cases.

/** Uploading is part of writing to a lead: operators and administrators, signed in. */
export function canUpload(actor: Actor): boolean {
  return actor.kind === 'user' && hasRole(actor, 'operator', 'admin');
}

/** Whoever may read a lead's history may fetch its files (people and API tokens alike). */
export function canRead(actor: Actor): boolean {
  return hasRole(actor, 'operator', 'admin', 'viewer');
}
