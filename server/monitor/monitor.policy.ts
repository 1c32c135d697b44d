import { hasRole, type Actor } from '../shared/actor';

/** Who watches the live monitor: administrators and viewers (people or API tokens). */
export const canWatchMonitor = (actor: Actor): boolean => hasRole(actor, 'admin', 'viewer');
