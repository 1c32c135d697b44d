import { hasRole, type Actor } from '../shared/actor';

// Who may do what with bots. Pure predicates: no I/O, called by the use cases.

/** Creating bots (also by import), renaming them and choosing their start/return/transfer scripts. */
export function canManageBots(actor: Actor): boolean {
  return hasRole(actor, 'admin', 'bot_editor');
}

/** Reading and writing a bot's scripts and triggers, their history, logs and export. */
export function canEditScripts(actor: Actor): boolean {
  return hasRole(actor, 'admin', 'bot_editor', 'script_editor');
}

/** Scheduling a bot's scripts and triggers for leads from outside (the jobs API), listing and cancelling them. */
export function canScheduleBotJobs(actor: Actor): boolean {
  return hasRole(actor, 'admin', 'bot_editor');
}
