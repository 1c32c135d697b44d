import type { Actor } from '../shared/actor';
import { assignDialog, isDialogWaiting } from '../dialogs/index';
import { findDepartmentByCode } from '../accounts/index';
import { AppError } from '../errors';
import type { PendingEvent } from '../realtime/index';
import type { Executor, Tx } from '../storage/db';
import { lockOperator } from '../storage/locks';
import { canTakeMore, rankOperators } from './pick-operator';
import { loadCandidate, loadCandidates } from './candidates';

export interface RouteRequest {
  businessId: number;
  departmentCode: string | null;
  /** Only operators who are Online (the default); false also considers Offline ones. */
  onlineOnly: boolean;
}

/** Candidates tried per assignment: enough to step over a few who changed since the ranking, bounded. */
const MAX_TRIES = 5;

/**
 * Automatic distribution: the one place that decides who gets a dialog. Today the built-in rule
 * (rankOperators); a later routing strategy (queues, the business's own JS) plugs in here.
 */
export const router = {
  /** Operators who could take a dialog now, best first. */
  async nextOperators(db: Executor, r: RouteRequest): Promise<number[]> {
    let departmentId: number | null = null;
    if (r.departmentCode) {
      const d = await findDepartmentByCode(db, r.businessId, r.departmentCode);
      if (!d) return [];
      departmentId = d.id;
    }
    return rankOperators(await loadCandidates(db, r.businessId, departmentId), { onlineOnly: r.onlineOnly }).map((c) => c.id);
  },

  /**
   * Gives the lead's waiting dialog to the best operator who can still take it, inside the caller's
   * transaction (the lead is locked, so two routers never hand one dialog out twice). A candidate
   * who cannot take it any more (went offline, reached their limit or lost the role since the
   * ranking, or refused by the dialog rules) is skipped for the next one, up to MAX_TRIES. Returns
   * who got it, or null when nobody can take it now or the dialog is no longer waiting (it stays as it is).
   */
  async assignNext(
    tx: Tx,
    r: RouteRequest & { dialogId: number; now: number; preferOperatorId?: number | null; excludeOperatorIds?: readonly number[] },
  ): Promise<{ operatorId: number | null; events: PendingEvent[] }> {
    const actor: Actor = { kind: 'system', businessId: r.businessId, reason: 'router' };
    const nobody = { operatorId: null, events: [] };
    const ranked = (await this.nextOperators(tx, r)).filter((id) => !r.excludeOperatorIds?.includes(id));
    // "Prefer the previous operator": first, when the rule would give them a dialog at all.
    const preferred = r.preferOperatorId != null && ranked.includes(r.preferOperatorId) ? [r.preferOperatorId] : [];
    const order = [...preferred, ...ranked.filter((id) => !preferred.includes(id))];
    for (const operatorId of order.slice(0, MAX_TRIES)) {
      // Assigning is a hand-over for an active dialog: the router only ever gives out a waiting one.
      if (!(await isDialogWaiting(tx, r.dialogId))) return nobody;
      // Locked first, then counted: a router elsewhere giving this operator a dialog now is waited for and then seen.
      await lockOperator(tx, operatorId);
      const fresh = await loadCandidate(tx, r.businessId, operatorId);
      if (!fresh || !canTakeMore(fresh, r)) continue;
      try {
        const out = await assignDialog(tx, { actor, dialogId: r.dialogId, operatorId, now: r.now });
        return { operatorId, events: out.events };
      } catch (err) {
        // A refusal writes nothing (the rules answer before any write; the claim is the first one),
        // so the next candidate starts clean; whether the dialog is still waiting is asked above.
        if (!(err instanceof AppError)) throw err;
      }
    }
    return nobody;
  },
};
