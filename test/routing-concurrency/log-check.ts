// The exactly-once checker: replays a business's event log (per-business `seq`, gap-free, in commit
// order: server/realtime/event-log.repo.ts) and checks every assignment the router made against the
// state the log says held at that point; then compares the replayed state with a snapshot of the
// database taken in the same transaction as the events, and finds waiting dialogs nobody was given.
import type { EventEnvelope } from '../../contracts/events';
import type { Dialog, DialogState } from '../../contracts/inbox';
import type { OperatorStatus } from '../../contracts/roles';

export interface OperatorAtStart {
  id: number;
  status: OperatorStatus;
  maxDialogs: number;
}

interface OperatorState {
  status: OperatorStatus;
  maxDialogs: number;
  /** Active dialogs they are the assignee of. */
  active: number;
  /**
   * The fewest active dialogs they had at any point since the last change that took their row lock
   * (a status or limit change, a router assignment to them): the router counts under that lock, so it
   * saw one of the counts since then, never an older one.
   */
  lowestSinceLock: number;
  lockedAtSeq: number;
}

interface DialogAt {
  state: DialogState;
  assigneeId: number | null;
  departmentId: number | null;
  /** Operators who had it and let it go: the router never gives it back to them. */
  former: Set<number>;
}

/** Each operator's departments (the test only ever adds to them, so today's membership contains any earlier one). */
export type Membership = ReadonlyMap<number, ReadonlySet<number>>;

export class LogReplay {
  readonly operators = new Map<number, OperatorState>();
  readonly dialogs = new Map<number, DialogAt>();
  readonly violations: string[] = [];
  seq = 0;
  routerAssignments = 0;
  /** Router assignments that met a limit only because a take or transfer committed between the router's count and its commit. */
  passedOnEarlierCount = 0;
  /** Each dialog's events so far, in short, for the message of a violation. */
  private readonly history = new Map<number, string[]>();

  /**
   * `strict`: the router's count is the one at its commit (SQLite: one writer, transactions one after
   * another). Otherwise (PostgreSQL) an operator's own take or a colleague's transfer, which do not take
   * the operator's lock, may commit between the router's count and its commit: any count since the
   * last locked change will do, and the router may end one over (docs/routing.md allows takes over the limit).
   */
  constructor(
    operators: readonly OperatorAtStart[],
    private readonly o: { strict: boolean },
  ) {
    for (const op of operators) this.operators.set(op.id, { status: op.status, maxDialogs: op.maxDialogs, active: 0, lowestSinceLock: 0, lockedAtSeq: 0 });
  }

  private fail(seq: number, what: string, dialogId?: number): void {
    const story = dialogId === undefined ? '' : ` (its log: ${(this.history.get(dialogId) ?? []).slice(-8).join('; ')})`;
    this.violations.push(`seq ${seq}: ${what}${story}`);
  }

  private operator(seq: number, id: number): OperatorState {
    const o = this.operators.get(id);
    if (o) return o;
    this.fail(seq, `operator ${id} is not one of the test's operators`);
    const unknown: OperatorState = { status: 'offline', maxDialogs: 0, active: 0, lowestSinceLock: 0, lockedAtSeq: seq };
    this.operators.set(id, unknown);
    return unknown;
  }

  private locked(seq: number, o: OperatorState): void {
    o.lowestSinceLock = o.active;
    o.lockedAtSeq = seq;
  }

  private count(seq: number, operatorId: number, delta: number): void {
    const o = this.operator(seq, operatorId);
    o.active += delta;
    o.lowestSinceLock = Math.min(o.lowestSinceLock, o.active);
    if (o.active < 0) this.fail(seq, `operator ${operatorId} would have ${o.active} active dialogs`);
  }

  /** A dialog's new state as the event carries it; the load moves with its assignee. */
  private move(seq: number, next: Dialog, what: string): void {
    const story = this.history.get(next.id) ?? [];
    story.push(`${seq} ${what}: ${next.state} with ${next.assigneeId} in department ${next.departmentId}`);
    this.history.set(next.id, story);
    const before = this.dialogs.get(next.id);
    const former = before?.former ?? new Set<number>();
    if (before?.state === 'active' && before.assigneeId !== null) {
      this.count(seq, before.assigneeId, -1);
      if (next.state !== 'active' || next.assigneeId !== before.assigneeId) former.add(before.assigneeId);
    }
    if (next.state === 'active') {
      if (next.assigneeId === null) this.fail(seq, `dialog ${next.id} is active with nobody`);
      else this.count(seq, next.assigneeId, +1);
    }
    this.dialogs.set(next.id, { state: next.state, assigneeId: next.assigneeId, departmentId: next.departmentId, former });
  }

  /** Checks one assignment by the router against the log so far (before it is applied). */
  private checkRouter(e: EventEnvelope<'dialog.assigned'>, membership: Membership): void {
    this.routerAssignments++;
    const { dialog, operatorId } = e.data;
    const was = this.dialogs.get(dialog.id);
    const to = this.operator(e.seq, operatorId);
    const what = `the router gave dialog ${dialog.id} to operator ${operatorId}`;
    // 1. Only a waiting dialog is given out: never one that is with someone (a second operator) or closed.
    if (was?.state !== 'waiting') this.fail(e.seq, `${what}, but it was ${was ? `${was.state} with ${was.assigneeId}` : 'unknown'}`, dialog.id);
    if (was?.former.has(operatorId)) this.fail(e.seq, `${what}, who had let it go before`, dialog.id);
    if (was?.departmentId != null && !membership.get(operatorId)?.has(was.departmentId)) {
      this.fail(e.seq, `${what}, who is not in its department ${was.departmentId}`, dialog.id);
    }
    // 2. Never to an Offline operator, never over the limit.
    if (to.status !== 'online') this.fail(e.seq, `${what}, who was ${to.status}`, dialog.id);
    const seen = this.o.strict ? to.active : to.lowestSinceLock;
    if (seen >= to.maxDialogs) {
      this.fail(
        e.seq,
        `${what} over their limit ${to.maxDialogs}: they had ${to.active} active dialogs` +
          (this.o.strict ? '' : ` and never fewer than ${to.lowestSinceLock} since their last locked change (seq ${to.lockedAtSeq})`),
        dialog.id,
      );
    } else if (to.active >= to.maxDialogs) {
      this.passedOnEarlierCount++;
    }
  }

  /** Applies events in seq order; `membership` is the operators' departments as of the last of them or later. */
  apply(events: readonly EventEnvelope[], membership: Membership): void {
    for (const e of events) {
      if (e.seq !== this.seq + 1) this.fail(e.seq, `the log jumps from seq ${this.seq}`);
      this.seq = e.seq;
      switch (e.type) {
        case 'operator.status': {
          const { userId, status } = (e as EventEnvelope<'operator.status'>).data;
          const o = this.operator(e.seq, userId);
          o.status = status;
          this.locked(e.seq, o);
          break;
        }
        case 'operator.capacity': {
          const { userId, maxDialogs } = (e as EventEnvelope<'operator.capacity'>).data;
          if (maxDialogs === undefined) break;
          const o = this.operator(e.seq, userId);
          o.maxDialogs = maxDialogs;
          this.locked(e.seq, o);
          break;
        }
        case 'dialog.created':
          this.move(e.seq, (e as EventEnvelope<'dialog.created'>).data.dialog, 'created');
          break;
        case 'dialog.changed': {
          const { dialog, change, byUserId } = (e as EventEnvelope<'dialog.changed'>).data;
          this.move(e.seq, dialog, `${change} by ${byUserId ?? 'the server'}`);
          break;
        }
        case 'dialog.assigned': {
          const a = e as EventEnvelope<'dialog.assigned'>;
          if (a.data.dialog.assigneeId !== a.data.operatorId || a.data.dialog.state !== 'active') {
            this.fail(
              e.seq,
              `dialog.assigned to ${a.data.operatorId} carries dialog ${a.data.dialog.id} ${a.data.dialog.state} with ${a.data.dialog.assigneeId}`,
            );
          }
          if (a.data.byUserId === null) this.checkRouter(a, membership);
          this.move(e.seq, a.data.dialog, `assigned by ${a.data.byUserId ?? 'the router'}`);
          if (a.data.byUserId === null) this.locked(e.seq, this.operator(e.seq, a.data.operatorId));
          break;
        }
        default:
          break;
      }
    }
  }
}

/** What the database holds, read in the same transaction as the events up to `seq`. */
export interface Snapshot {
  seq: number;
  dialogs: { id: number; state: DialogState; assignee_id: number | null; department_id: number | null }[];
  /** Every membership row of the business's dialogs (left ones too: they are the former assignees). */
  members: { dialog_id: number; user_id: number; kind: 'assignee' | 'invited'; left_at: number | null }[];
  operators: { id: number; status: OperatorStatus; max_dialogs: number; disabled: number; roles: string }[];
  membership: Membership;
}

/**
 * Invariant 3 and the replay against the database: every dialog is waiting, closed, or active with
 * exactly one assignee (in the database and in the log alike), and each operator's load, status and
 * limit are the log's.
 */
export function compareWithDatabase(replay: LogReplay, s: Snapshot): string[] {
  const out: string[] = [];
  const at = `at seq ${s.seq}`;
  const open = new Map<number, { user_id: number; kind: string }[]>();
  for (const m of s.members) if (m.left_at === null) open.set(m.dialog_id, [...(open.get(m.dialog_id) ?? []), m]);
  const load = new Map<number, number>();
  for (const d of s.dialogs) {
    const inside = open.get(d.id) ?? [];
    const logged = replay.dialogs.get(d.id);
    if (!logged) out.push(`${at}: dialog ${d.id} (${d.state}) is not in the log`);
    else if (logged.state !== d.state || (d.state !== 'closed' && logged.assigneeId !== d.assignee_id)) {
      out.push(`${at}: dialog ${d.id} is ${d.state} with ${d.assignee_id} in the database, ${logged.state} with ${logged.assigneeId} in the log`);
    }
    if (d.state === 'active') {
      const ids = inside.map((m) => `${m.kind} ${m.user_id}`).join(', ');
      if (d.assignee_id === null || inside.length !== 1 || inside[0]?.user_id !== d.assignee_id || inside[0]?.kind !== 'assignee') {
        out.push(`${at}: active dialog ${d.id} has assignee ${d.assignee_id} and members [${ids}]: not exactly one assignee`);
      }
      if (d.assignee_id !== null) load.set(d.assignee_id, (load.get(d.assignee_id) ?? 0) + 1);
    } else if (inside.length > 0 || (d.state === 'waiting' && d.assignee_id !== null)) {
      out.push(`${at}: ${d.state} dialog ${d.id} still has assignee ${d.assignee_id} and ${inside.length} members`);
    } else if (d.state !== 'waiting' && d.state !== 'closed') {
      out.push(`${at}: dialog ${d.id} is ${String(d.state)}`);
    }
  }
  const stored = new Set(s.dialogs.map((d) => d.id));
  for (const id of replay.dialogs.keys()) if (!stored.has(id)) out.push(`${at}: dialog ${id} of the log is not in the database`);
  for (const o of s.operators) {
    const logged = replay.operators.get(o.id);
    if (!logged) continue;
    const n = load.get(o.id) ?? 0;
    if (logged.active !== n) out.push(`${at}: operator ${o.id} has ${n} active dialogs in the database, ${logged.active} in the log`);
    if (logged.status !== o.status) out.push(`${at}: operator ${o.id} is ${o.status} in the database, ${logged.status} in the log`);
    if (logged.maxDialogs !== o.max_dialogs) out.push(`${at}: operator ${o.id} has limit ${o.max_dialogs} in the database, ${logged.maxDialogs} in the log`);
  }
  return out;
}

/**
 * Waiting dialogs that some operator could be given now by the built-in rule: Online, enabled, an
 * operator, under their limit, in the dialog's department (any, for a dialog of none), and not one
 * who had it before. Once the processes are done with a change, there must be none.
 */
export function takeableWaiting(s: Snapshot): { dialogId: number; departmentId: number | null; operatorIds: number[] }[] {
  const load = new Map<number, number>();
  const former = new Map<number, Set<number>>();
  const states = new Map(s.dialogs.map((d) => [d.id, d.state]));
  for (const m of s.members) {
    if (m.left_at === null && states.get(m.dialog_id) === 'active') load.set(m.user_id, (load.get(m.user_id) ?? 0) + 1);
    if (m.left_at !== null && m.kind === 'assignee') former.set(m.dialog_id, (former.get(m.dialog_id) ?? new Set()).add(m.user_id));
  }
  const withRoom = s.operators.filter(
    (o) => o.status === 'online' && o.disabled === 0 && (JSON.parse(o.roles) as string[]).includes('operator') && (load.get(o.id) ?? 0) < o.max_dialogs,
  );
  const out: { dialogId: number; departmentId: number | null; operatorIds: number[] }[] = [];
  for (const d of s.dialogs) {
    if (d.state !== 'waiting') continue;
    const operatorIds = withRoom
      .filter((o) => (d.department_id === null || s.membership.get(o.id)?.has(d.department_id)) && !former.get(d.id)?.has(o.id))
      .map((o) => o.id);
    if (operatorIds.length > 0) out.push({ dialogId: d.id, departmentId: d.department_id, operatorIds });
  }
  return out;
}
