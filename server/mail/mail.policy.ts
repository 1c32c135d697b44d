import { hasRole, type Actor } from '../shared/actor';

// Who may do what with the business's mail. Pure predicates, asked first by the use cases.

/** The SMTP server's settings and its test message: administrators (people or tokens). */
export function canManageMail(actor: Actor): boolean {
  return hasRole(actor, 'admin');
}
