import { describe, expect, it } from 'vitest';
import {
  checkAssign, checkEnd, checkInvite, checkTake, checkTransferToDepartment, checkTransferToOperator, checkTransferToOperators, decideWrite,
  type Snapshot, type Who,
} from './dialog.rules';

const op = (userId: number, departmentIds: number[] = []): Who => ({ userId, isAdmin: false, isOperator: true, isSystem: false, departmentIds });
const admin: Who = { userId: 99, isAdmin: true, isOperator: false, isSystem: false, departmentIds: [] };
const bot: Who = { userId: null, isAdmin: false, isOperator: false, isSystem: true, departmentIds: [] };
/** API tokens: no person behind them, only their roles. */
const token = (roles: { admin?: boolean; operator?: boolean }): Who => ({ userId: null, isAdmin: roles.admin ?? false, isOperator: roles.operator ?? false, isSystem: false, departmentIds: [] });
const adminToken = token({ admin: true });
const operatorToken = token({ operator: true });
const viewerToken = token({});
const viewer: Who = { userId: 50, isAdmin: false, isOperator: false, isSystem: false, departmentIds: [] };
const withBot: Snapshot = { leadState: 'bot', dialog: null };
const waiting = (departmentId: number | null = null): Snapshot => ({ leadState: 'waiting', dialog: { state: 'waiting', assigneeId: null, memberIds: [], departmentId } });
const active = (assigneeId: number, others: number[] = []): Snapshot => ({
  leadState: 'operator',
  dialog: { state: 'active', assigneeId, memberIds: [assigneeId, ...others], departmentId: null },
});
const code = (v: unknown) => (v && typeof v === 'object' && 'code' in v ? (v as { code: string }).code : null);

describe('dialog rules', () => {
  it('lets the bot transfer once: a second transfer is refused (recursion guard)', () => {
    expect(checkTransferToOperators(withBot, bot)).toBeNull();
    expect(code(checkTransferToOperators(waiting(), bot))).toBe('invalid_state');
    expect(code(checkTransferToOperators(active(1), bot))).toBe('invalid_state');
    expect(code(checkTransferToOperators(withBot, op(1)))).toBe('forbidden');
    expect(checkTransferToOperators({ leadState: 'closed', dialog: null }, admin)).toBeNull();
  });

  it('take: waiting only; active answers already_taken; departments respected', () => {
    expect(checkTake(waiting(), op(1))).toBeNull();
    expect(code(checkTake(active(2), op(1)))).toBe('already_taken');
    expect(code(checkTake(withBot, op(1)))).toBe('invalid_state');
    expect(code(checkTake(waiting(7), op(1, [3])))).toBe('forbidden');
    expect(checkTake(waiting(7), op(1, [7]))).toBeNull();
    expect(checkTake(waiting(7), admin)).toBeNull();
    expect(code(checkTake(waiting(), bot))).toBe('forbidden');
  });

  it('assign: admins and the router only, not to the current assignee', () => {
    expect(checkAssign(waiting(), admin, 1)).toBeNull();
    expect(checkAssign(waiting(), bot, 1)).toBeNull();
    expect(code(checkAssign(waiting(), op(1), 2))).toBe('forbidden');
    expect(code(checkAssign(active(1), admin, 1))).toBe('invalid_state');
  });

  it('transfer to operator: by a member or admin, of an active dialog', () => {
    expect(checkTransferToOperator(active(1), op(1), 2)).toBeNull();
    expect(code(checkTransferToOperator(active(1), op(3), 2))).toBe('forbidden');
    expect(code(checkTransferToOperator(waiting(), op(1), 2))).toBe('invalid_state');
    expect(checkTransferToOperator(active(1), admin, 2)).toBeNull();
  });

  it('transfer to department: members of active dialogs; admins also re-route waiting ones', () => {
    expect(checkTransferToDepartment(active(1), op(1))).toBeNull();
    expect(code(checkTransferToDepartment(waiting(), op(1)))).toBe('forbidden');
    expect(checkTransferToDepartment(waiting(), admin)).toBeNull();
  });

  it('invite: a new member into an active dialog', () => {
    expect(checkInvite(active(1), op(1), 2)).toBeNull();
    expect(code(checkInvite(active(1, [2]), op(1), 2))).toBe('invalid_state');
    expect(code(checkInvite(active(1), op(5), 2))).toBe('forbidden');
  });

  it('end: any operator may end a waiting dialog; an active one only its members or an admin', () => {
    expect(checkEnd(waiting(), op(4))).toBeNull();
    expect(checkEnd(active(1), op(1))).toBeNull();
    expect(code(checkEnd(active(1), op(4)))).toBe('forbidden');
    expect(checkEnd(active(1), admin)).toBeNull();
    expect(code(checkEnd(withBot, admin))).toBe('invalid_state');
  });

  it('an operator writing: starts a dialog with the bot lead, takes a waiting one, replies in their own', () => {
    expect(decideWrite(withBot, op(1))).toEqual({ mode: 'start' });
    expect(decideWrite(waiting(), op(1))).toEqual({ mode: 'take' });
    expect(decideWrite(active(1), op(1))).toEqual({ mode: 'reply' });
    expect(code(decideWrite(active(2), op(1)))).toBe('forbidden');
    expect(decideWrite(active(2), admin)).toEqual({ mode: 'reply' });
    expect(code(decideWrite(withBot, bot))).toBe('forbidden');
  });

  it('tokens act by their roles: admin as the bot/router, operator as an operator without a person, viewer not at all', () => {
    expect(checkTransferToOperators(withBot, adminToken)).toBeNull();
    expect(code(checkTransferToOperators(withBot, operatorToken))).toBe('forbidden');
    expect(code(checkTransferToOperators(withBot, viewerToken))).toBe('forbidden');
    expect(checkAssign(waiting(), adminToken, 1)).toBeNull();
    expect(code(checkAssign(waiting(), operatorToken, 1))).toBe('forbidden');
    expect(code(checkAssign(waiting(), viewerToken, 1))).toBe('forbidden');
    expect(checkEnd(active(1), adminToken)).toBeNull();
    expect(checkEnd(waiting(), operatorToken)).toBeNull();
    expect(code(checkEnd(active(1), operatorToken))).toBe('forbidden');
    expect(code(checkEnd(waiting(), viewerToken))).toBe('forbidden');
    expect(checkTransferToOperator(active(1), adminToken, 2)).toBeNull();
    expect(code(checkTransferToOperator(active(1), operatorToken, 2))).toBe('forbidden');
    expect(checkTransferToDepartment(waiting(), adminToken)).toBeNull();
    expect(code(checkInvite(active(1), operatorToken, 2))).toBe('forbidden');
    // Person-only: taking and writing need a user, whatever the token's roles.
    expect(code(checkTake(waiting(), adminToken))).toBe('forbidden');
    expect(code(checkTake(waiting(), operatorToken))).toBe('forbidden');
    expect(code(decideWrite(withBot, adminToken))).toBe('forbidden');
  });

  it('a role that changes no dialog gets 403 before any state is looked at', () => {
    for (const w of [viewer, viewerToken]) {
      expect(code(checkEnd(withBot, w))).toBe('forbidden');
      expect(code(checkEnd(waiting(), w))).toBe('forbidden');
      expect(code(checkTransferToOperator(waiting(), w, 2))).toBe('forbidden');
      expect(code(checkTransferToDepartment(withBot, w))).toBe('forbidden');
      expect(code(checkInvite(waiting(), w, 2))).toBe('forbidden');
      expect(code(checkAssign(withBot, w, 2))).toBe('forbidden');
      expect(code(checkTake(waiting(), w))).toBe('forbidden');
      expect(code(decideWrite(withBot, w))).toBe('forbidden');
    }
  });
});
