import { hasRole, type Actor } from '../accounts/actor';

// Who may do what with bots. Pure predicates: no I/O, called by the use cases.

/** Creating and renaming bots (and, later, editing their scripts). */
export function canManageBots(actor: Actor): boolean {
  return hasRole(actor, 'admin', 'bot_editor');
}
