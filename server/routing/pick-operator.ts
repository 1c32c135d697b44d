import type { OperatorStatus } from '../../contracts/roles';

export interface Candidate {
  id: number;
  status: OperatorStatus;
  maxDialogs: number;
  /** Active dialogs the operator is in now. */
  openDialogs: number;
  /** When the operator last got a dialog (0: never); spreads ties fairly. */
  lastAssignedAt: number;
}

/**
 * The built-in distribution rule, in order of preference: operators under their limit (and online,
 * unless asked otherwise) with the fewest open dialogs; among equals, the one who waited longest
 * since their last assignment. Pure: the router loads candidates, this ranks them.
 */
export function rankOperators(candidates: Candidate[], o: { onlineOnly: boolean }): Candidate[] {
  return candidates.filter((c) => canTakeMore(c, o)).sort((a, b) => a.openDialogs - b.openDialogs || a.lastAssignedAt - b.lastAssignedAt || a.id - b.id);
}

/** Whether the operator may get one more dialog now: under their limit, and online unless asked otherwise. */
export function canTakeMore(c: Candidate, o: { onlineOnly: boolean }): boolean {
  return (!o.onlineOnly || c.status === 'online') && c.openDialogs < c.maxDialogs;
}
