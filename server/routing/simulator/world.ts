// The simulated contact center: dialogs with the dialog machine's snapshots, operators with their
// load, and the waiting queues (one for the whole business, one per department). Every change to a
// dialog is the machine's answer applied here, so the simulator keeps the server's rules; a refusal
// means the simulator asked for something the server would not do: a simulator bug, thrown.
import type { RecordedDialog, SimLead, SimOperator } from '../../../contracts/simulation';
import { decide, type Command, type DepartmentRef, type OperatorRef, type Snapshot, type Transition, type Who } from '../../dialogs/index';
import { AppError } from '../../errors';
import type { Candidate } from '../pick-operator';
import { WaitQueue, type Queued } from './wait-queue';

export interface SimDialog extends Queued {
  readonly id: number;
  readonly leadId: number;
  readonly lead: SimLead;
  readonly arrivedAt: number;
  readonly handlingMs: number;
  readonly firstResponseMs: number | null;
  readonly snapshot: Snapshot;
  waiting: boolean;
  waitSeq: number;
  waitingSince: number;
  /** Bumped on each assignment: timers of an earlier one are stale. */
  assignment: number;
  firstAssignedAt: number | null;
  answeredAt: number | null;
  /** Operators who had it and let it go (went Offline, did not answer): the rule never gives it back to them. */
  readonly letGo: number[];
  abandoned: boolean;
  /** The routing script: the waitSeq it last decided, the one it said "wait" for, and the department moves it asked for. */
  scriptSaw: number;
  heldAt: number;
  moves: number;
}

/** An operator as the rule sees them (the server's OperatorView without the name). */
export type SimCandidate = Candidate & { readonly departmentIds: readonly number[] };

export interface OperatorState {
  readonly id: number;
  readonly name: string;
  /** What the built-in rule ranks, kept current (status, open dialogs, last assignment). */
  readonly candidate: SimCandidate;
  readonly who: Who;
  readonly ref: OperatorRef;
  readonly departmentIds: readonly number[];
  readonly departmentCodes: readonly string[];
  /** Their active dialogs, oldest assignment first. */
  readonly active: Set<SimDialog>;
  assignments: number;
  maxConcurrent: number;
  onlineMs: number;
  busyMs: number;
  /** Since when onlineMs and busyMs are counted up to date. */
  since: number;
}

/** The server's own automation (the bot forwarding, the router, the reassignment timer). */
const SERVER: Who = { userId: null, name: null, isAdmin: false, isOperator: false, isSystem: true, departmentIds: [] };
/** The queue of dialogs waiting for the whole business (department ids start at 1). */
const BUSINESS = 0;

export class World {
  now = 0;
  readonly dialogs: SimDialog[] = [];
  readonly operators: OperatorState[];
  readonly operatorById: Map<number, OperatorState>;
  private readonly departments: DepartmentRef[];
  private readonly departmentByCode: Map<string, DepartmentRef>;
  /** By queue key (BUSINESS or a department id): the waiting dialogs, and the operators the rule considers. */
  private readonly queues: WaitQueue<SimDialog>[];
  private readonly members: SimCandidate[][];
  private readonly leadDialogs = new Map<number, SimDialog[]>();

  /** `onWaiting` hears each time a dialog starts waiting (arrives, is given back, moves to another department). */
  constructor(
    operators: readonly SimOperator[],
    departmentCodes: readonly string[],
    start: number,
    private readonly onWaiting: (d: SimDialog) => void,
  ) {
    this.now = start;
    this.departments = departmentCodes.map((code, i) => ({ id: i + 1, code }));
    this.departmentByCode = new Map(this.departments.map((d) => [d.code, d]));
    this.operators = operators.map((o) => {
      const departmentIds = o.departments.map((c) => this.department(c)!.id);
      const who: Who = { userId: o.id, name: o.name, isAdmin: false, isOperator: true, isSystem: false, departmentIds };
      const candidate: SimCandidate = {
        id: o.id,
        status: 'offline',
        workspaceOpen: false,
        maxDialogs: o.maxDialogs,
        openDialogs: 0,
        lastAssignedAt: 0,
        departmentIds,
      };
      const ref = { id: o.id, name: o.name, isOperator: true };
      return {
        id: o.id,
        name: o.name,
        candidate,
        who,
        ref,
        departmentIds,
        departmentCodes: o.departments,
        active: new Set(),
        assignments: 0,
        maxConcurrent: 0,
        onlineMs: 0,
        busyMs: 0,
        since: start,
      };
    });
    this.operatorById = new Map(this.operators.map((o) => [o.id, o]));
    this.queues = [BUSINESS, ...this.departments.map((d) => d.id)].map(() => new WaitQueue<SimDialog>());
    this.members = [
      this.operators.map((o) => o.candidate),
      ...this.departments.map((d) => this.operators.filter((o) => o.departmentIds.includes(d.id)).map((o) => o.candidate)),
    ];
  }

  department(code: string): DepartmentRef | undefined {
    return this.departmentByCode.get(code);
  }

  codeOf(d: SimDialog): string | null {
    const id = d.snapshot.dialog?.departmentId ?? null;
    return id === null ? null : this.departments[id - 1]!.code;
  }

  queueKey(d: SimDialog): number {
    return d.snapshot.dialog?.departmentId ?? BUSINESS;
  }

  queue(key: number): WaitQueue<SimDialog> {
    return this.queues[key]!;
  }

  get queueKeys(): number[] {
    return this.queues.map((_, key) => key);
  }

  /** The operators the rule considers for a dialog of this queue: its department's, or everyone. */
  membersOf(key: number): readonly SimCandidate[] {
    return this.members[key]!;
  }

  /** The queues where this operator could take a dialog: the whole business's and their departments'. */
  queuesOf(o: OperatorState): number[] {
    return [BUSINESS, ...o.departmentIds];
  }

  /** The operator of the lead's latest other dialog that had one (the server's previousOperatorOfLead). */
  previousOperatorOf(d: SimDialog): number | null {
    const ds = this.leadDialogs.get(d.leadId) ?? [];
    for (let i = ds.length - 1; i >= 0; i--) {
      const assignee = ds[i]!.snapshot.dialog?.assigneeId ?? null;
      if (ds[i] !== d && assignee !== null) return assignee;
    }
    return null;
  }

  /** A lead is handed to the contact center: the dialog starts waiting in its department (or the business's queue). */
  arrive(r: RecordedDialog, leadId: number): SimDialog {
    const d: SimDialog = {
      id: this.dialogs.length + 1,
      leadId,
      lead: r.lead,
      arrivedAt: r.arrivedAt,
      handlingMs: r.handlingMs,
      firstResponseMs: r.firstResponseMs,
      snapshot: { leadState: 'bot', dialog: null },
      waiting: false,
      waitSeq: 0,
      waitingSince: r.arrivedAt,
      assignment: 0,
      firstAssignedAt: null,
      answeredAt: null,
      letGo: [],
      abandoned: false,
      scriptSaw: 0,
      heldAt: 0,
      moves: 0,
    };
    this.dialogs.push(d);
    const ds = this.leadDialogs.get(leadId);
    if (ds) ds.push(d);
    else this.leadDialogs.set(leadId, [d]);
    const department = r.departmentCode === null ? null : this.department(r.departmentCode)!;
    this.act(d, SERVER, { type: 'forward_to_operators', departmentCode: r.departmentCode, department }, 'create');
    return d;
  }

  /** The router gives a waiting dialog to an operator; returns whether that put them over their limit. */
  assign(d: SimDialog, o: OperatorState): boolean {
    const breach = o.candidate.openDialogs >= o.candidate.maxDialogs;
    this.act(d, SERVER, { type: 'assign', operatorId: o.id, operator: o.ref }, 'claim');
    this.touch(o);
    o.candidate.openDialogs++;
    o.candidate.lastAssignedAt = this.now;
    o.active.add(d);
    o.assignments++;
    o.maxConcurrent = Math.max(o.maxConcurrent, o.candidate.openDialogs);
    d.assignment++;
    d.firstAssignedAt ??= this.now;
    return breach;
  }

  /** The operator writes to the lead: the machine changes nothing for a member, the first answer is noted. */
  answer(d: SimDialog, o: OperatorState): void {
    const t = this.decideFor(d, o.who, { type: 'operator_writes' });
    if (t.dialog || t.members.join) throw new Error(`simulator bug: dialog ${d.id} is not ${o.name}'s to answer`);
    d.answeredAt ??= this.now;
  }

  close(d: SimDialog, o: OperatorState): void {
    this.act(d, o.who, { type: 'close' }, 'end');
    this.drop(d, o);
  }

  /** The server takes the dialog back from its operator: it waits again in its department, never to go back to them. */
  release(d: SimDialog, o: OperatorState, reason: 'offline' | 'no_answer'): void {
    this.act(d, SERVER, { type: 'release', operator: o.ref, reason }, 'release');
    this.drop(d, o);
    d.letGo.push(o.id);
  }

  /** A waiting dialog moves to another department's queue (the routing script's answer). */
  transfer(d: SimDialog, to: DepartmentRef): void {
    this.queue(this.queueKey(d)).left();
    this.act(d, SERVER, { type: 'transfer_to_department', departmentCode: to.code, department: to }, 'requeue');
  }

  /** The lead gives up waiting: the dialog leaves the queue, closed. */
  abandon(d: SimDialog): void {
    this.act(d, SERVER, { type: 'close' }, 'end');
    d.abandoned = true;
  }

  /** Shifts start and end; a simulated operator has the workspace open exactly while Online. */
  setStatus(o: OperatorState, status: 'online' | 'offline'): void {
    this.touch(o);
    o.candidate.status = status;
    o.candidate.workspaceOpen = status === 'online';
  }

  /** Brings an operator's Online and busy time up to now (call before their status or load changes). */
  touch(o: OperatorState): void {
    if (o.candidate.status === 'online') {
      o.onlineMs += this.now - o.since;
      if (o.candidate.openDialogs > 0) o.busyMs += this.now - o.since;
    }
    o.since = this.now;
  }

  private drop(d: SimDialog, o: OperatorState): void {
    this.touch(o);
    o.candidate.openDialogs--;
    o.active.delete(d);
  }

  private decideFor(d: SimDialog, who: Who, command: Command): Transition {
    const t = decide(d.snapshot, who, command);
    if (t instanceof AppError) throw new Error(`simulator bug: the dialog machine refused ${command.type} on dialog ${d.id}: ${t.message}`);
    return t;
  }

  /** Asks the machine, checks it answers the change the simulator expects, and applies it. */
  private act(d: SimDialog, who: Who, command: Command, expected: NonNullable<Transition['dialog']>['op']): void {
    const t = this.decideFor(d, who, command);
    const op = t.dialog;
    if (op?.op !== expected) throw new Error(`simulator bug: ${command.type} on dialog ${d.id} answered ${op?.op ?? 'no change'}, not ${expected}`);
    const s = d.snapshot;
    if (op.op === 'create') s.dialog = { state: op.state, assigneeId: op.assigneeId, memberIds: [], departmentId: op.departmentId };
    const row = s.dialog!;
    switch (op.op) {
      case 'create':
        break;
      case 'claim':
      case 'reassign':
        row.state = 'active';
        row.assigneeId = op.assigneeId;
        break;
      case 'requeue':
        row.departmentId = op.departmentId;
        row.state = 'waiting';
        row.assigneeId = null;
        break;
      case 'release':
        row.state = 'waiting';
        row.assigneeId = null;
        break;
      case 'end':
        row.state = 'closed';
        break;
    }
    const leave = t.members.leave;
    if (leave) row.memberIds = leave === 'all' ? [] : row.memberIds.filter((id) => !leave.includes(id));
    if (t.members.join) row.memberIds.push(t.members.join.userId);
    if (t.lead) s.leadState = t.lead.state;
    const wasWaiting = d.waiting;
    d.waiting = row.state === 'waiting';
    if (d.waiting) {
      // Arriving, given back or moved to another department: a new stretch of waiting, at its place in the queue.
      d.waitSeq++;
      d.waitingSince = this.now;
      this.queue(this.queueKey(d)).add(d);
      this.onWaiting(d);
    } else if (wasWaiting) {
      this.queue(this.queueKey(d)).left();
    }
  }
}
