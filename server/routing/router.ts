import type { Actor } from '../accounts/actor';
import { assignDialog } from '../dialogs/assign-dialog';
import { findDepartmentByCode } from '../dialogs/dialogs.repo';
import { AppError } from '../errors';
import type { PendingEvent } from '../realtime/events';
import type { Executor, Tx } from '../storage/db';
import { rankOperators } from './pick-operator';
import { loadCandidates } from './routing.repo';

export interface RouteRequest {
  businessId: number;
  departmentCode: string | null;
  /** Only operators who are Online (the default); false also considers Offline ones. */
  onlineOnly: boolean;
}

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
   * Gives the lead's waiting dialog to the best operator, inside the caller's transaction (the
   * lead is locked, so two routers never hand one dialog out twice). Returns who got it, or null
   * when nobody can take it now (the dialog stays Waiting).
   */
  async assignNext(tx: Tx, r: RouteRequest & { dialogId: number; now: number }): Promise<{ operatorId: number | null; events: PendingEvent[] }> {
    const actor: Actor = { kind: 'system', businessId: r.businessId, reason: 'router' };
    for (const operatorId of await this.nextOperators(tx, r)) {
      try {
        const out = await assignDialog(tx, { actor, dialogId: r.dialogId, operatorId, now: r.now });
        return { operatorId, events: out.events };
      } catch (err) {
        if (err instanceof AppError) return { operatorId: null, events: [] }; // the dialog is no longer waiting or open
        throw err;
      }
    }
    return { operatorId: null, events: [] };
  },
};
