import { hasRole, type Actor } from '../shared/actor';

// Who may see and annotate the contact center's dialogs. Pure predicates, asked first by the use
// cases. What a command may do to a dialog depends on its state too: the dialog machine
// (dialog.machine.ts) decides that.

/** The dialog panel, its counts, a lead's dialogs and the workspace's pickers: operators, administrators, viewers. */
export function canViewDialogs(actor: Actor): boolean {
  return hasRole(actor, 'operator', 'admin', 'viewer');
}

/** Internal notes and marking a lead's messages read: the people who work the dialogs. */
export function canWorkDialogs(actor: Actor): boolean {
  return hasRole(actor, 'operator', 'admin');
}

/** Administrators see every waiting dialog; operators those for no department or one of theirs. */
export function seesEveryWaitingDialog(actor: Actor): boolean {
  return actor.kind !== 'user' || actor.roles.includes('admin');
}
