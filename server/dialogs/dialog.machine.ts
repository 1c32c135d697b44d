// The dialog's life as one pure state machine: given where a lead's conversation stands, who acts
// and what they ask, `decide` answers the transition (what changes, the history line, the event)
// or the refusal. No I/O: use cases load a snapshot and resolve the people and departments a
// command names, then `applyTransition` (apply-transition.ts) writes the answer. The routing
// simulator runs on this same machine without a database.
import type { DialogChange } from '../../contracts/events';
import type { DialogEndReason, DialogState, LeadState } from '../../contracts/inbox';
import type { SystemLine } from '../../contracts/message-payloads';
import { AppError, badInput, notFound } from '../errors';

export interface Snapshot {
  leadState: LeadState;
  /** The lead's current dialog (also a closed one, which `reopen` looks at). */
  dialog: { state: DialogState; assigneeId: number | null; memberIds: number[]; departmentId: number | null } | null;
}

/**
 * The acting party, reduced to what the machine needs. People and API tokens alike act by their
 * roles: a token with `operator` may do what an operator may except what needs a person (taking a
 * dialog, writing, being in a dialog); a token with `admin` may do what an administrator may, which
 * includes what the bot and the router do (forward to operators, assign). `viewer`, `bot_editor` and
 * `script_editor` change no dialog.
 */
export interface Who {
  /** A person (operator or admin); null for API tokens, the bot and the router. */
  userId: number | null;
  /** The person's name for history lines ("Closed by …"); null when no person acts. */
  name: string | null;
  isAdmin: boolean;
  isOperator: boolean;
  /** The server's own automation: the bot runtime and the router (never an API token). */
  isSystem: boolean;
  departmentIds: number[];
}

/** An operator a command names (the target of an assignment, a transfer, an invitation, a reopen). */
export interface OperatorRef {
  id: number;
  name: string;
  /** Has the Operator role: only operators are put in dialogs. */
  isOperator: boolean;
}

export interface DepartmentRef {
  id: number;
  code: string;
}

/**
 * A command names operators and departments by id or code; the use case looks them up and passes
 * what it found (null: no such one in this business). The machine answers "not found" only after
 * the actor's right to ask, so a refused role always gets 403.
 */
type Named<T> = T | null;

export type Command =
  /** The bot (or an administrator) hands the lead to the contact center: a dialog waits. */
  | { type: 'forward_to_operators'; departmentCode: string | null; department: Named<DepartmentRef> }
  | { type: 'take' }
  | { type: 'assign'; operatorId: number; operator: Named<OperatorRef> }
  | { type: 'transfer_to_operator'; operatorId: number; operator: Named<OperatorRef> }
  | { type: 'transfer_to_department'; departmentCode: string; department: Named<DepartmentRef> }
  | { type: 'invite'; operatorId: number; operator: Named<OperatorRef> }
  | { type: 'close' }
  | { type: 'return_to_bot'; script: string | null }
  /** An operator writes (or opens the dialog to write): starts, takes or joins as the state says. */
  | { type: 'operator_writes' }
  /** The lead writes into a closed conversation and the business reopens it to the last operator. */
  | { type: 'reopen'; operator: OperatorRef }
  /** The server takes an active dialog back from its operator (they went Offline): it waits again, in its department. */
  | { type: 'release'; operator: OperatorRef; reason: 'offline' | 'no_answer' };

export type CommandType = Command['type'];

/** What a transition writes. Fields left null change nothing. */
export interface Transition {
  dialog:
    | { op: 'create'; state: Exclude<DialogState, 'closed'>; departmentId: number | null; assigneeId: number | null }
    /** Compare-and-set: becomes the operator's only if still waiting (of two racing, one wins). */
    | { op: 'claim'; assigneeId: number }
    | { op: 'reassign'; assigneeId: number }
    | { op: 'requeue'; departmentId: number }
    /** Back to Waiting in the same department, nobody's. */
    | { op: 'release' }
    | { op: 'end'; reason: DialogEndReason; script: string | null }
    | null;
  /** Operators who leave the dialog ('all', or these) and the one who joins. */
  members: { leave: 'all' | number[] | null; join: { userId: number; kind: 'assignee' | 'invited' } | null };
  /** The lead's new state; `forwarded` marks a hand-over from the bot; `readAll` clears its unread count. */
  lead: { state: LeadState; forwarded?: boolean; readAll?: boolean } | null;
  /** An operator taking over interrupts the bot's scenario: a pending question is forgotten. */
  clearScenario: boolean;
  /** Work for the bot runtime, queued in the same transaction. */
  botJob: { kind: 'transfer' | 'return_to_bot'; script: string | null } | null;
  line: SystemLine | null;
  event: { type: 'dialog.created' } | { type: 'dialog.assigned'; operatorId: number } | { type: 'dialog.changed'; change: DialogChange } | null;
}

export type Decision = Transition | AppError;

const deny = (why: string) => new AppError('forbidden', why);
const badState = (why: string) => new AppError('invalid_state', why);
/** The operator a command names, or why it cannot be given the dialog. */
const target = (o: Named<OperatorRef>): OperatorRef | AppError => {
  if (!o) return notFound('Operator');
  return o.isOperator ? o : badState(`${o.name} does not have the Operator role`);
};
const department = (code: string, d: Named<DepartmentRef>): DepartmentRef | AppError => d ?? badInput('departmentCode', `no department with code "${code}"`);

/** Whether the lead's messages go to the contact center (waiting or with an operator) rather than to the bot. */
export const isWithOperators = (s: LeadState): boolean => s === 'waiting' || s === 'operator';

const isMember = (s: Snapshot, w: Who) => w.userId !== null && (s.dialog?.memberIds.includes(w.userId) ?? false);
const canManage = (s: Snapshot, w: Who) => w.isAdmin || w.isSystem || isMember(s, w);
/** Whether the actor works on dialogs at all; checked before the state, so a refused role always gets 403. */
const worksDialogs = (w: Who) => w.isOperator || w.isAdmin || w.isSystem;
const isPerson = (w: Who): w is Who & { userId: number; name: string } => w.userId !== null && w.name !== null && (w.isOperator || w.isAdmin);
const notForRole = () => deny('Only operators and administrators change dialogs');

const NOTHING: Transition = { dialog: null, members: { leave: null, join: null }, lead: null, clearScenario: false, botJob: null, line: null, event: null };
const change = (t: Partial<Transition>): Transition => ({ ...NOTHING, ...t });

/** A dialog moves to an operator: from Waiting (claimed) or from a colleague (reassigned). */
function handTo(s: Snapshot, operator: OperatorRef, byUserId: number | null): Transition {
  const line: SystemLine = { kind: 'assigned', operatorId: operator.id, operatorName: operator.name, byUserId };
  const event = { type: 'dialog.assigned', operatorId: operator.id } as const;
  if (s.dialog?.state === 'waiting') {
    return change({
      dialog: { op: 'claim', assigneeId: operator.id },
      members: { leave: null, join: { userId: operator.id, kind: 'assignee' } },
      lead: { state: 'operator' },
      clearScenario: true,
      line,
      event,
    });
  }
  const previous = s.dialog?.assigneeId ?? null;
  return change({
    dialog: { op: 'reassign', assigneeId: operator.id },
    members: { leave: previous !== null ? [previous, operator.id] : [operator.id], join: { userId: operator.id, kind: 'assignee' } },
    line,
    event,
  });
}

/** A new active dialog with this operator (an operator starts writing, or the lead comes back to them). */
function openWith(operator: OperatorRef, departmentId: number | null, byUserId: number | null, clearScenario: boolean): Transition {
  return change({
    dialog: { op: 'create', state: 'active', departmentId, assigneeId: operator.id },
    members: { leave: null, join: { userId: operator.id, kind: 'assignee' } },
    lead: { state: 'operator' },
    clearScenario,
    line: { kind: 'assigned', operatorId: operator.id, operatorName: operator.name, byUserId },
    event: { type: 'dialog.created' },
  });
}

const decisions: { [K in CommandType]: (s: Snapshot, w: Who, c: Extract<Command, { type: K }>) => Decision } = {
  forward_to_operators(s, w, c) {
    if (!w.isSystem && !w.isAdmin) return deny('Only the bot or an administrator (person or admin API token) transfers a lead to operators');
    if (s.leadState === 'waiting') return badState('The lead is already waiting for an operator');
    if (s.leadState === 'operator') return badState('The lead is already with an operator');
    const dept = c.departmentCode === null ? null : department(c.departmentCode, c.department);
    if (dept instanceof AppError) return dept;
    return change({
      dialog: { op: 'create', state: 'waiting', departmentId: dept?.id ?? null, assigneeId: null },
      lead: { state: 'waiting', forwarded: true },
      // The bot's system transfer script runs on every transfer, whoever made it (command, JS, API).
      botJob: { kind: 'transfer', script: null },
      line: { kind: 'transferred', departmentCode: dept?.code ?? null },
      event: { type: 'dialog.created' },
    });
  },

  take(s, w) {
    if (!isPerson(w)) return deny('Only operators take dialogs');
    const d = s.dialog;
    if (!d || d.state === 'closed') return badState('The lead is not waiting for an operator');
    if (d.state === 'active') return new AppError('already_taken', 'The dialog was already taken by another operator');
    if (d.departmentId !== null && !w.isAdmin && !w.departmentIds.includes(d.departmentId)) return deny('The dialog waits for a department you are not in');
    return handTo(s, { id: w.userId, name: w.name, isOperator: true }, w.userId);
  },

  assign(s, w, c) {
    if (!w.isAdmin && !w.isSystem) return deny('Only administrators (people or admin API tokens) and the router assign dialogs');
    const d = s.dialog;
    if (!d || d.state === 'closed') return badState('The lead has no open dialog');
    if (d.assigneeId === c.operatorId) return badState('The dialog is already assigned to this operator');
    const to = target(c.operator);
    return to instanceof AppError ? to : handTo(s, to, w.userId);
  },

  transfer_to_operator(s, w, c) {
    if (!worksDialogs(w)) return notForRole();
    const d = s.dialog;
    if (!d || d.state !== 'active') return badState('Only a dialog with an operator can be transferred to another operator');
    if (!canManage(s, w)) return deny('Only an operator in the dialog or an administrator transfers it');
    if (d.assigneeId === c.operatorId) return badState('The dialog is already with this operator');
    const to = target(c.operator);
    return to instanceof AppError ? to : handTo(s, to, w.userId);
  },

  transfer_to_department(s, w, c) {
    if (!worksDialogs(w)) return notForRole();
    const d = s.dialog;
    if (!d || d.state === 'closed') return badState('The lead has no open dialog');
    if (d.state === 'active' && !canManage(s, w)) return deny('Only an operator in the dialog or an administrator transfers it');
    if (d.state === 'waiting' && !w.isAdmin && !w.isSystem) return deny('Only an administrator re-routes a waiting dialog');
    const dept = department(c.departmentCode, c.department);
    if (dept instanceof AppError) return dept;
    return change({
      dialog: { op: 'requeue', departmentId: dept.id },
      members: { leave: 'all', join: null },
      lead: { state: 'waiting' },
      line: { kind: 'transferred_to_department', departmentCode: dept.code },
      event: { type: 'dialog.changed', change: 'transferred_to_department' },
    });
  },

  invite(s, w, c) {
    if (!worksDialogs(w)) return notForRole();
    const d = s.dialog;
    if (!d || d.state !== 'active') return badState('Operators are invited into a dialog that is with an operator');
    if (!canManage(s, w)) return deny('Only an operator in the dialog or an administrator invites');
    if (d.memberIds.includes(c.operatorId)) return badState('This operator is already in the dialog');
    const to = target(c.operator);
    if (to instanceof AppError) return to;
    return change({
      members: { leave: null, join: { userId: to.id, kind: 'invited' } },
      line: { kind: 'invited', operatorId: to.id, operatorName: to.name },
      event: { type: 'dialog.changed', change: 'invited' },
    });
  },

  close: (s, w) => end(s, w, 'closed', null),
  return_to_bot: (s, w, c) => end(s, w, 'returned_to_bot', c.script),

  operator_writes(s, w) {
    if (!isPerson(w)) return deny('Only operators write to leads');
    const me = { id: w.userId, name: w.name, isOperator: true };
    // With the bot or closed: a new dialog with the writer, interrupting the bot's scenario.
    if (!isWithOperators(s.leadState) || !s.dialog || s.dialog.state === 'closed') return openWith(me, null, w.userId, true);
    if (s.dialog.state === 'waiting') return decisions.take(s, w, { type: 'take' });
    if (isMember(s, w) || w.isAdmin) return NOTHING;
    return deny('The dialog is with another operator: ask to be invited');
  },

  release(s, w, c) {
    if (!w.isSystem) return deny('Only the server takes a dialog back from its operator');
    const d = s.dialog;
    if (!d || d.state !== 'active' || d.assigneeId !== c.operator.id) return badState('Only an active dialog is taken back from the operator who has it');
    return change({
      dialog: { op: 'release' },
      members: { leave: 'all', join: null },
      lead: { state: 'waiting' },
      line: { kind: 'released', operatorId: c.operator.id, operatorName: c.operator.name, reason: c.reason },
      event: { type: 'dialog.changed', change: 'released' },
    });
  },

  reopen(s, w, c) {
    if (!w.isSystem) return deny('Only the server reopens a conversation for its lead');
    if (s.leadState !== 'closed' || s.dialog?.state !== 'closed') return badState('Only a closed conversation is reopened');
    if (s.dialog.assigneeId !== c.operator.id) return badState('A conversation is reopened to the operator who had it last');
    const to = target(c.operator);
    return to instanceof AppError ? to : openWith(to, s.dialog.departmentId, null, false);
  },
};

/** Close, or return to the bot: ends the dialog. A waiting one may be ended by any operator (also an operator token). */
function end(s: Snapshot, w: Who, reason: DialogEndReason, script: string | null): Decision {
  if (!worksDialogs(w)) return notForRole();
  const d = s.dialog;
  if (!d || d.state === 'closed') return badState('The lead has no open dialog');
  if (d.state !== 'waiting' && !canManage(s, w)) return deny('Only an operator in the dialog or an administrator ends it');
  const returned = reason === 'returned_to_bot';
  return change({
    dialog: { op: 'end', reason, script },
    members: { leave: 'all', join: null },
    lead: { state: returned ? 'bot' : 'closed', readAll: true },
    // The bot restarts with a clean scenario at the chosen script (or its return script, or its start).
    clearScenario: returned,
    botJob: returned ? { kind: 'return_to_bot', script } : null,
    line: returned ? { kind: 'returned_to_bot', script, byName: w.name } : { kind: 'closed', byName: w.name },
    event: { type: 'dialog.changed', change: reason },
  });
}

/** The machine: the transition `who` may make with `command` from `s`, or why not. */
export function decide(s: Snapshot, who: Who, command: Command): Decision {
  return (decisions[command.type] as (s: Snapshot, w: Who, c: Command) => Decision)(s, who, command);
}

/** A transition that writes nothing: an operator's reply in a dialog they are in. */
export const isNoChange = (t: Transition): boolean => t === NOTHING;
