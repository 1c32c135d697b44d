import type { OperatorStatus } from '../../contracts/roles';

export interface Candidate {
  id: number;
  status: OperatorStatus;
  maxDialogs: number;
  /** Active dialogs the operator is in now. */
  openDialogs: number;
  /** When the operator last got a dialog (0: never); spreads ties fairly. */
  lastAssignedAt: number;
  /** Has the workspace open in a browser now. */
  workspaceOpen: boolean;
}

/** Who the rule considers: Online ones only (unless Offline ones too), and only those with the workspace open if asked. */
export interface Eligibility {
  onlineOnly: boolean;
  workspaceOnly?: boolean;
}

/**
 * The built-in distribution rule, in order of preference: operators under their limit (and online,
 * unless asked otherwise) with the fewest open dialogs; among equals, the one who waited longest
 * since their last assignment. Pure: the router loads candidates, this ranks them.
 */
export function rankOperators<C extends Candidate>(candidates: readonly C[], o: Eligibility): C[] {
  return candidates.filter((c) => canTakeMore(c, o)).sort(order);
}

/** Whether the operator may get one more dialog now: under their limit, online and with the workspace open as asked. */
export function canTakeMore(c: Candidate, o: Eligibility): boolean {
  return (!o.onlineOnly || c.status === 'online') && (!o.workspaceOnly || c.workspaceOpen) && c.openDialogs < c.maxDialogs;
}

/** What one routing decision asks, beyond who is eligible. */
export interface Choice extends Eligibility {
  /** The dialog's department: only its members (null: anyone of the business). */
  departmentId: number | null;
  /** Tried first when the rule would give them a dialog at all ("prefer the previous operator"). */
  preferOperatorId?: number | null;
  /** Never these (they let this dialog go: went offline, did not answer). */
  excludeOperatorIds?: readonly number[];
}

/**
 * The operators to offer one waiting dialog to, best first: the whole built-in decision, on a view
 * held in memory. With a `limit` only that many are kept, in one pass without sorting the whole view
 * (a drain offers a dialog to a few at most).
 */
export function chooseOperators<C extends Candidate & { departmentIds: readonly number[] }>(view: readonly C[], c: Choice, limit = Infinity): C[] {
  const fits = (o: C) => (c.departmentId === null || o.departmentIds.includes(c.departmentId)) && canTakeMore(o, c) && !c.excludeOperatorIds?.includes(o.id);
  let best: C[];
  if (limit === Infinity) best = view.filter(fits).sort(order);
  else {
    best = [];
    for (const o of view) {
      if (!fits(o) || (best.length >= limit && order(o, best[best.length - 1]!) > 0)) continue;
      let i = best.length;
      while (i > 0 && order(o, best[i - 1]!) < 0) i--;
      best.splice(i, 0, o);
      if (best.length > limit) best.pop();
    }
  }
  // "Prefer the previous operator": first, when the rule would give them a dialog at all.
  const preferred = c.preferOperatorId == null ? undefined : view.find((o) => o.id === c.preferOperatorId && fits(o));
  return preferred ? [preferred, ...best.filter((o) => o !== preferred)].slice(0, limit) : best;
}

/** The rule's order: fewer open dialogs first, then longer since the last assignment, then the lower id. */
function order(a: Candidate, b: Candidate): number {
  return a.openDialogs - b.openDialogs || a.lastAssignedAt - b.lastAssignedAt || a.id - b.id;
}

/** Whether anyone could take one more dialog now, and the departments of those who could. */
export function roomIn(view: readonly (Candidate & { departmentIds: readonly number[] })[], e: Eligibility): { any: boolean; departments: Set<number> } {
  const departments = new Set<number>();
  let any = false;
  for (const o of view) {
    if (!canTakeMore(o, e)) continue;
    any = true;
    for (const d of o.departmentIds) departments.add(d);
  }
  return { any, departments };
}
