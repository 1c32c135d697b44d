// What the signed-in person may do with a conversation, decided as the server decides it
// (server/dialogs/dialog.rules.ts), so buttons match what the API will accept.
import type { InboxRow } from '@contracts/inbox';
import type { Role } from '@contracts/roles';

export interface Person {
  userId: number;
  roles: Role[];
  departmentIds: number[];
}

export type WriteBlock = 'viewer' | 'otherOperator' | 'department' | null;

const isOperator = (p: Person) => p.roles.includes('operator');
const isAdmin = (p: Person) => p.roles.includes('admin');

export function isMember(row: InboxRow, p: Person): boolean {
  return !!row.dialog && row.dialog.state === 'active' && row.dialog.operatorIds.includes(p.userId);
}

/** Why the composer is disabled, or null when writing is allowed. */
export function writeBlock(row: InboxRow, p: Person): WriteBlock {
  if (!isOperator(p) && !isAdmin(p)) return 'viewer';
  const d = row.dialog;
  if (row.state === 'waiting' && d?.departmentId != null && !isAdmin(p) && !p.departmentIds.includes(d.departmentId)) return 'department';
  if (row.state === 'operator' && !isMember(row, p) && !isAdmin(p)) return 'otherOperator';
  return null;
}

export interface Actions {
  take: boolean;
  close: boolean;
  returnToBot: boolean;
  transfer: boolean;
  invite: boolean;
  /** Open a dialog without writing: reopen a closed one, or take the lead from the bot. */
  reopen: boolean;
  takeFromBot: boolean;
}

export function actionsFor(row: InboxRow, p: Person): Actions {
  const d = row.dialog;
  const open = !!d && d.state !== 'closed' && (row.state === 'waiting' || row.state === 'operator');
  const manage = isAdmin(p) || isMember(row, p);
  const waiting = row.state === 'waiting';
  const canWork = isOperator(p) || isAdmin(p);
  return {
    take: waiting && canWork && writeBlock(row, p) === null,
    close: open && ((waiting && canWork) || manage),
    returnToBot: open && ((waiting && canWork) || manage),
    transfer: row.state === 'operator' && manage,
    invite: row.state === 'operator' && manage,
    reopen: row.state === 'closed' && canWork,
    takeFromBot: row.state === 'bot' && canWork,
  };
}
