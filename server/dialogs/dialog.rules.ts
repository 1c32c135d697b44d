// The dialog lifecycle as pure rules: who may do what, from which state. No I/O; the use cases
// load a snapshot, ask these functions, and act on the answer.
import type { DialogState, LeadState } from '../../contracts/inbox';
import { AppError } from '../errors';

export interface Snapshot {
  leadState: LeadState;
  dialog: { state: DialogState; assigneeId: number | null; memberIds: number[]; departmentId: number | null } | null;
}

/**
 * The acting party, reduced to what the rules need. People and API tokens alike act by their roles:
 * a token with `operator` may do what an operator may except what needs a person (taking a dialog,
 * writing, being in a dialog); a token with `admin` may do what an administrator may, which includes
 * what the bot and the router do (transfer to operators, assign). `viewer`, `bot_editor` and
 * `script_editor` change no dialog.
 */
export interface Who {
  /** A person (operator or admin); null for API tokens, the bot and the router. */
  userId: number | null;
  isAdmin: boolean;
  isOperator: boolean;
  /** The server's own automation: the bot runtime and the router (never an API token). */
  isSystem: boolean;
  departmentIds: number[];
}

type Verdict = AppError | null;
const deny = (why: string) => new AppError('forbidden', why);
const state = (why: string) => new AppError('invalid_state', why);

const isMember = (s: Snapshot, w: Who) => w.userId !== null && (s.dialog?.memberIds.includes(w.userId) ?? false);
const canManage = (s: Snapshot, w: Who) => w.isAdmin || w.isSystem || isMember(s, w);
/** Whether the actor works on dialogs at all; checked before the state, so a refused role always gets 403. */
const worksDialogs = (w: Who) => w.isOperator || w.isAdmin || w.isSystem;
const notForRole = () => deny('Only operators and administrators change dialogs');

/** The bot (or an administrator, person or token) hands the lead to the contact center. Guards double transfer. */
export function checkTransferToOperators(s: Snapshot, w: Who): Verdict {
  if (!w.isSystem && !w.isAdmin) return deny('Only the bot or an administrator (person or admin API token) transfers a lead to operators');
  if (s.leadState === 'waiting') return state('The lead is already waiting for an operator');
  if (s.leadState === 'operator') return state('The lead is already with an operator');
  return null;
}

/** An operator takes a waiting dialog; of two racing operators the loser gets already_taken. */
export function checkTake(s: Snapshot, w: Who): Verdict {
  if (w.userId === null || (!w.isOperator && !w.isAdmin)) return deny('Only operators take dialogs');
  const d = s.dialog;
  if (!d || d.state === 'closed') return state('The lead is not waiting for an operator');
  if (d.state === 'active') return new AppError('already_taken', 'The dialog was already taken by another operator');
  if (d.departmentId !== null && !w.isAdmin && !w.departmentIds.includes(d.departmentId)) {
    return deny('The dialog waits for a department you are not in');
  }
  return null;
}

/** An administrator (person or token) or the router gives a waiting or active dialog to a chosen operator. */
export function checkAssign(s: Snapshot, w: Who, targetId: number): Verdict {
  if (!w.isAdmin && !w.isSystem) return deny('Only administrators (people or admin API tokens) and the router assign dialogs');
  const d = s.dialog;
  if (!d || d.state === 'closed') return state('The lead has no open dialog');
  if (d.assigneeId === targetId) return state('The dialog is already assigned to this operator');
  return null;
}

/** The dialog's operator (or an admin) hands it to another operator. */
export function checkTransferToOperator(s: Snapshot, w: Who, targetId: number): Verdict {
  if (!worksDialogs(w)) return notForRole();
  const d = s.dialog;
  if (!d || d.state !== 'active') return state('Only a dialog with an operator can be transferred to another operator');
  if (!canManage(s, w)) return deny('Only an operator in the dialog or an administrator transfers it');
  if (d.assigneeId === targetId) return state('The dialog is already with this operator');
  return null;
}

/** Back to Waiting, for a department's operators. */
export function checkTransferToDepartment(s: Snapshot, w: Who): Verdict {
  if (!worksDialogs(w)) return notForRole();
  const d = s.dialog;
  if (!d || d.state === 'closed') return state('The lead has no open dialog');
  if (d.state === 'active' && !canManage(s, w)) return deny('Only an operator in the dialog or an administrator transfers it');
  if (d.state === 'waiting' && !w.isAdmin && !w.isSystem) return deny('Only an administrator re-routes a waiting dialog');
  return null;
}

/** A second operator joins the dialog. */
export function checkInvite(s: Snapshot, w: Who, targetId: number): Verdict {
  if (!worksDialogs(w)) return notForRole();
  const d = s.dialog;
  if (!d || d.state !== 'active') return state('Operators are invited into a dialog that is with an operator');
  if (!canManage(s, w)) return deny('Only an operator in the dialog or an administrator invites');
  if (d.memberIds.includes(targetId)) return state('This operator is already in the dialog');
  return null;
}

/** Close, or return to the bot: ends the dialog. A waiting one may be ended by any operator (also an operator token). */
export function checkEnd(s: Snapshot, w: Who): Verdict {
  if (!worksDialogs(w)) return notForRole();
  const d = s.dialog;
  if (!d || d.state === 'closed') return state('The lead has no open dialog');
  if (d.state === 'waiting') return null;
  if (!canManage(s, w)) return deny('Only an operator in the dialog or an administrator ends it');
  return null;
}

export type WriteMode = 'start' | 'take' | 'reply';

/**
 * What an operator's message does: with the bot or closed it opens a dialog with the writer
 * (interrupting the bot's scenario); waiting, it takes the dialog; with operators, it is a reply.
 */
export function decideWrite(s: Snapshot, w: Who): { mode: WriteMode } | AppError {
  if (w.userId === null || (!w.isOperator && !w.isAdmin)) return deny('Only operators write to leads');
  if (s.leadState === 'bot' || s.leadState === 'closed' || !s.dialog || s.dialog.state === 'closed') return { mode: 'start' };
  if (s.dialog.state === 'waiting') {
    const v = checkTake(s, w);
    return v ?? { mode: 'take' };
  }
  if (isMember(s, w) || w.isAdmin) return { mode: 'reply' };
  return deny('The dialog is with another operator: ask to be invited');
}
