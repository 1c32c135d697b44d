import { hasRole, type Actor } from '../shared/actor';

// Who may do what with leads. Pure predicates, asked first by the use cases.

/** Reading leads, their cards and histories: the contact center's people (operators, administrators, viewers) and their tokens. */
export function canViewLeads(actor: Actor): boolean {
  return hasRole(actor, 'operator', 'admin', 'viewer');
}

/** Changing a lead's name, contacts, status, attributes and tags; uploading files to send to it. */
export function canEditLeads(actor: Actor): boolean {
  return hasRole(actor, 'operator', 'admin');
}
