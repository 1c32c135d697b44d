import type { Actor } from '../shared/actor';
import { assignDialog, isDialogWaiting } from '../dialogs/index';
import { findDepartmentByCode } from '../accounts/index';
import { AppError } from '../errors';
import type { PendingEvent } from '../realtime/index';
import type { Executor, Tx } from '../storage/db';
import { tryLockOperator } from '../storage/locks';
import { canTakeMore, chooseOperators, type Candidate, type Eligibility } from './pick-operator';
import { loadCandidate, loadOperatorView, type OperatorView } from './candidates';

export interface RouteRequest extends Eligibility {
  businessId: number;
  departmentCode: string | null;
}

/** Candidates tried per assignment: enough to step over a few who changed since the view was read, bounded. */
export const MAX_TRIES = 5;

export type Attempt =
  { ok: true; events: PendingEvent[] } | { ok: false; why: 'not_waiting' | 'busy' | 'cannot_take' | 'refused'; fresh: Candidate | undefined };

/**
 * Automatic distribution: the one place that hands a waiting dialog to an operator. A decision is
 * made on a view of the operators (the built-in rule, or the business's routing script), outside any
 * lock; `tryAssign` commits it with a compare-and-set under the operator's lock.
 */
export const router = {
  /** Operators who could take a dialog of this department now, best first (`lead.getNextOperators`). */
  async nextOperators(db: Executor, r: RouteRequest & { now: number }): Promise<number[]> {
    const departmentId = await departmentIdOf(db, r);
    if (departmentId === undefined) return [];
    return chooseOperators(await loadOperatorView(db, r.businessId, r.now), { ...r, departmentId }).map((c) => c.id);
  },

  /**
   * Gives the waiting dialog to this operator if they can still take it, inside the caller's
   * transaction (the lead is locked, so two routers never hand one dialog out twice). The operator is
   * locked before counting, so a router elsewhere giving them a dialog now cannot both see room; one
   * whose row another transaction holds is `busy` (skipped, not waited for: tryLockOperator).
   * On a refusal nothing is written, and `fresh` is the operator as they are now.
   */
  async tryAssign(tx: Tx, r: Eligibility & { businessId: number; dialogId: number; operatorId: number; now: number }): Promise<Attempt> {
    // Assigning is a hand-over for an active dialog: the router only ever gives out a waiting one.
    if (!(await isDialogWaiting(tx, r.dialogId))) return { ok: false, why: 'not_waiting', fresh: undefined };
    if (!(await tryLockOperator(tx, r.operatorId))) return { ok: false, why: 'busy', fresh: undefined };
    const fresh = await loadCandidate(tx, r.businessId, r.operatorId, r.now);
    if (!fresh || !canTakeMore(fresh, r)) return { ok: false, why: 'cannot_take', fresh };
    const actor: Actor = { kind: 'system', businessId: r.businessId, reason: 'router' };
    try {
      const out = await assignDialog(tx, { actor, dialogId: r.dialogId, operatorId: r.operatorId, now: r.now });
      return { ok: true, events: out.events };
    } catch (err) {
      // A refusal writes nothing (the rules answer before any write; the claim is the first one).
      if (!(err instanceof AppError)) throw err;
      return { ok: false, why: 'refused', fresh };
    }
  },

  /**
   * Gives the lead's waiting dialog to the best operator who can still take it, reading the operators
   * afresh (the bot's `lead.assignDialogToNextOperator()`, inside its run's transaction). A candidate
   * who cannot take it any more is skipped for the next one, up to MAX_TRIES. Returns who got it, or
   * null when nobody can take it now or the dialog is no longer waiting (it stays as it is).
   */
  async assignNext(
    tx: Tx,
    r: RouteRequest & { dialogId: number; now: number; preferOperatorId?: number | null; excludeOperatorIds?: readonly number[] },
  ): Promise<{ operatorId: number | null; events: PendingEvent[]; contended: boolean }> {
    const departmentId = await departmentIdOf(tx, r);
    if (departmentId === undefined) return { operatorId: null, events: [], contended: false };
    const order = chooseOperators(await loadOperatorView(tx, r.businessId, r.now), { ...r, departmentId }, MAX_TRIES);
    return this.assignFirst(tx, { ...r, order });
  },

  /** Offers the dialog to the operators in order until one takes it (at most MAX_TRIES); updates `view` entries it learns about. */
  async assignFirst(
    tx: Tx,
    r: Eligibility & { businessId: number; dialogId: number; now: number; order: readonly OperatorView[] },
  ): Promise<{ operatorId: number | null; events: PendingEvent[]; contended: boolean }> {
    let contended = false;
    for (const o of r.order.slice(0, MAX_TRIES)) {
      const a = await this.tryAssign(tx, { ...r, operatorId: o.id });
      if (a.ok) {
        o.openDialogs++;
        o.lastAssignedAt = r.now;
        return { operatorId: o.id, events: a.events, contended };
      }
      if (a.why === 'not_waiting') break;
      if (a.why === 'busy') {
        contended = true;
        continue;
      }
      // What the view believed was stale: learn the operator's figures (or that they cannot take any).
      Object.assign(o, a.fresh ?? { maxDialogs: 0 });
    }
    return { operatorId: null, events: [], contended };
  },
};

/** The department's id (null: none asked), or undefined when the code names no department of the business. */
async function departmentIdOf(db: Executor, r: RouteRequest): Promise<number | null | undefined> {
  if (!r.departmentCode) return null;
  return (await findDepartmentByCode(db, r.businessId, r.departmentCode))?.id;
}
