// Who gets a waiting dialog in the simulation, decided as the server's drain decides it (queue-drainer):
// the built-in rule (`chooseOperators`), or the business's routing script first, asked with the same
// RoutingInput and falling back to the rule whenever its answer cannot be followed.
import { RoutingAnswer, type RoutingInput } from '../../../contracts/routing';
import { canTakeMore, chooseOperators, type Eligibility } from '../pick-operator';
import { waitsLonger } from './wait-queue';
import type { OperatorState, SimCandidate, SimDialog, World } from './world';

/** The business's routing script as the simulator calls it; nothing (undefined or null) means "the rule decides". */
export type Decide = (input: RoutingInput) => Promise<RoutingAnswer | undefined> | RoutingAnswer | undefined;

export interface Dispatcher {
  /** A dialog just started waiting (arrived, was given back, moved department): nothing is decided yet. */
  waiting(d: SimDialog): void;
  /** A new dialog arrived: offer it. */
  arrived(d: SimDialog): void | Promise<void>;
  /** Operators of these queues may have room now (or a dialog was given back): drain, longest waiting first. */
  roomIn(queueKeys: number[]): void | Promise<void>;
}

export interface DispatchContext {
  world: World;
  rule: Eligibility;
  preferPrevious: boolean;
  /** Gives the dialog to the operator (and starts its timers). */
  assign(d: SimDialog, o: OperatorState): void;
  /** Counts a script answer that could not be followed. */
  refused(): void;
}

/** Department moves the script may ask for one dialog before the rule takes over (the server's MAX_MOVES). */
const MAX_MOVES = 3;

/** The rule's order for this dialog: its department's operators who can take more, never one who let it go, the previous operator first if asked. */
function order(c: DispatchContext, d: SimDialog): SimCandidate[] {
  const preferOperatorId = c.preferPrevious ? c.world.previousOperatorOf(d) : null;
  // Its queue's members are the rule's pool already (chooseOperators filters by department again, cheaply).
  return chooseOperators(c.world.membersOf(c.world.queueKey(d)), {
    ...c.rule,
    departmentId: d.snapshot.dialog?.departmentId ?? null,
    preferOperatorId,
    excludeOperatorIds: d.letGo,
  });
}

const byRule = (c: DispatchContext, d: SimDialog): OperatorState | null => {
  const first = order(c, d)[0];
  return first ? c.world.operatorById.get(first.id)! : null;
};

/** Whether anyone the rule considers for this queue can take one more dialog (exclusions aside). */
const hasRoom = (c: DispatchContext, key: number) => c.world.membersOf(key).some((o) => canTakeMore(o, c.rule));

/** The built-in rule alone: a new dialog is offered once; when room appears, the queues it could fill drain. */
export function builtinDispatcher(c: DispatchContext): Dispatcher {
  return {
    waiting() {},
    arrived(d) {
      const o = byRule(c, d);
      if (o) c.assign(d, o);
    },
    roomIn(queueKeys) {
      const keys = [...new Set(queueKeys)];
      // Each round gives out the dialog the server's single pass would give next: the longest waiting
      // one anyone can take (room only shrinks during a pass, so what it skipped stays skipped).
      for (;;) {
        let best: { d: SimDialog; r: OperatorState } | null = null;
        for (const key of keys) {
          if (!hasRoom(c, key)) continue;
          // With room in its queue, a dialog nobody let go is always taken: the scan stops there at the latest.
          const found = c.world.queue(key).find((d) => byRule(c, d));
          if (found && (!best || waitsLonger(found.d, best.d))) best = found;
        }
        if (!best) return;
        c.assign(best.d, best.r);
      }
    },
  };
}

/**
 * The routing script first. As on the server, it decides each stretch of waiting once, and again
 * whenever the dialog's department has room; "wait" holds the dialog: neither the script nor the rule
 * decides it again until it waits anew (someone else, a CRM or a person, takes it from there).
 */
export function scriptDispatcher(c: DispatchContext, decide: Decide): Dispatcher {
  /** Dialogs that started waiting since the last pass: decided once even without room. */
  let fresh: SimDialog[] = [];

  async function pass(): Promise<void> {
    do {
      const roomy = c.world.queueKeys.filter((k) => hasRoom(c, k));
      const offered = new Set([...roomy.flatMap((k) => c.world.queue(k).list()), ...fresh]);
      fresh = [];
      for (const d of [...offered].sort((a, b) => (waitsLonger(a, b) ? -1 : 1))) {
        if (!d.waiting || d.heldAt === d.waitSeq) continue;
        const room = hasRoom(c, c.world.queueKey(d));
        const ask = room || d.scriptSaw !== d.waitSeq;
        if (ask || room) await offer(d, ask);
      }
      // A dialog the script moved waits anew: the drain that follows decides it in its new department.
    } while (fresh.length > 0);
  }

  async function offer(d: SimDialog, ask: boolean): Promise<void> {
    let answer: RoutingAnswer = null;
    if (ask) {
      d.scriptSaw = d.waitSeq;
      const parsed = RoutingAnswer.safeParse((await decide(input(c, d))) ?? null);
      if (parsed.success) answer = parsed.data;
      else c.refused();
    }
    if (answer !== null && 'wait' in answer) {
      d.heldAt = d.waitSeq;
      return;
    }
    if (answer !== null && 'departmentCode' in answer && answer.departmentCode !== c.world.codeOf(d)) {
      const to = c.world.department(answer.departmentCode);
      if (++d.moves <= MAX_MOVES && to) return c.world.transfer(d, to);
      c.refused();
    }
    if (answer !== null && 'operatorId' in answer) {
      // The script may pick anyone under their limit, Online or not (it sees their status), as on the server.
      const o = c.world.operatorById.get(answer.operatorId);
      if (o && canTakeMore(o.candidate, { onlineOnly: false })) return c.assign(d, o);
      c.refused();
    }
    const o = byRule(c, d);
    if (o) c.assign(d, o);
  }

  return {
    waiting: (d) => void fresh.push(d),
    arrived: pass,
    roomIn: pass,
  };
}

/** What the script sees: the RoutingInput the server builds (copies, so a script cannot change the simulation). */
function input(c: DispatchContext, d: SimDialog): RoutingInput {
  const w = c.world;
  return {
    dialog: { id: d.id, departmentCode: w.codeOf(d), waitingSince: d.waitingSince, previousOperatorId: w.previousOperatorOf(d) },
    lead: { id: d.leadId, name: d.lead.name, attrs: { ...d.lead.attrs }, tags: [...d.lead.tags], channel: d.lead.channel, language: d.lead.language },
    operators: w.operators.map((o) => ({
      id: o.id,
      name: o.name,
      status: o.candidate.status,
      openDialogs: o.candidate.openDialogs,
      maxDialogs: o.candidate.maxDialogs,
      departments: [...o.departmentCodes],
      lastAssignedAt: o.candidate.lastAssignedAt,
      workspaceOpen: o.candidate.workspaceOpen,
    })),
    suggested: order(c, d).map((o) => o.id),
    now: w.now,
  };
}
