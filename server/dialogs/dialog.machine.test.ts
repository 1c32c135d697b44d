import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { decide, isNoChange, type Command, type OperatorRef, type Snapshot, type Transition, type Who } from './dialog.machine';

const op = (userId: number, departmentIds: number[] = []): Who => ({
  userId,
  name: `Op ${userId}`,
  isAdmin: false,
  isOperator: true,
  isSystem: false,
  departmentIds,
});
const admin: Who = { userId: 99, name: 'Admin', isAdmin: true, isOperator: false, isSystem: false, departmentIds: [] };
const bot: Who = { userId: null, name: null, isAdmin: false, isOperator: false, isSystem: true, departmentIds: [] };
/** API tokens: no person behind them, only their roles. */
const token = (roles: { admin?: boolean; operator?: boolean }): Who => ({
  userId: null,
  name: null,
  isAdmin: roles.admin ?? false,
  isOperator: roles.operator ?? false,
  isSystem: false,
  departmentIds: [],
});
const adminToken = token({ admin: true });
const operatorToken = token({ operator: true });
const viewerToken = token({});
const viewer: Who = { userId: 50, name: 'Viewer', isAdmin: false, isOperator: false, isSystem: false, departmentIds: [] };

const withBot: Snapshot = { leadState: 'bot', dialog: null };
const waiting = (departmentId: number | null = null): Snapshot => ({
  leadState: 'waiting',
  dialog: { state: 'waiting', assigneeId: null, memberIds: [], departmentId },
});
const active = (assigneeId: number, others: number[] = []): Snapshot => ({
  leadState: 'operator',
  dialog: { state: 'active', assigneeId, memberIds: [assigneeId, ...others], departmentId: null },
});
const closed = (assigneeId: number | null, departmentId: number | null = null): Snapshot => ({
  leadState: 'closed',
  dialog: { state: 'closed', assigneeId, memberIds: [], departmentId },
});

const operator = (id: number, isOperator = true): OperatorRef => ({ id, name: `Op ${id}`, isOperator });
const assign = (id: number, o: OperatorRef | null = operator(id)): Command => ({ type: 'assign', operatorId: id, operator: o });
const transferTo = (id: number, o: OperatorRef | null = operator(id)): Command => ({ type: 'transfer_to_operator', operatorId: id, operator: o });
const invite = (id: number, o: OperatorRef | null = operator(id)): Command => ({ type: 'invite', operatorId: id, operator: o });
const toDept = (code = 'sales', d: { id: number; code: string } | null = { id: 7, code }): Command => ({
  type: 'transfer_to_department',
  departmentCode: code,
  department: d,
});
const forward = (code: string | null = null, d: { id: number; code: string } | null = null): Command => ({
  type: 'forward_to_operators',
  departmentCode: code,
  department: d,
});
const take: Command = { type: 'take' };
const close: Command = { type: 'close' };
const writes: Command = { type: 'operator_writes' };

/** The refusal's code, or 'ok' for a transition. */
const verdict = (s: Snapshot, w: Who, c: Command) => {
  const d = decide(s, w, c);
  return d instanceof AppError ? d.code : 'ok';
};
const transition = (s: Snapshot, w: Who, c: Command): Transition => {
  const d = decide(s, w, c);
  if (d instanceof AppError) throw d;
  return d;
};

describe('the dialog machine: who may do what, from which state', () => {
  it('forwards to operators once: a second forward is refused (recursion guard)', () => {
    expect(verdict(withBot, bot, forward())).toBe('ok');
    expect(verdict(waiting(), bot, forward())).toBe('invalid_state');
    expect(verdict(active(1), bot, forward())).toBe('invalid_state');
    expect(verdict(withBot, op(1), forward())).toBe('forbidden');
    expect(verdict({ leadState: 'closed', dialog: null }, admin, forward())).toBe('ok');
    expect(verdict(withBot, bot, forward('nope', null))).toBe('validation_failed');
  });

  it('take: waiting only; active answers already_taken; departments respected', () => {
    expect(verdict(waiting(), op(1), take)).toBe('ok');
    expect(verdict(active(2), op(1), take)).toBe('already_taken');
    expect(verdict(withBot, op(1), take)).toBe('invalid_state');
    expect(verdict(waiting(7), op(1, [3]), take)).toBe('forbidden');
    expect(verdict(waiting(7), op(1, [7]), take)).toBe('ok');
    expect(verdict(waiting(7), admin, take)).toBe('ok');
    expect(verdict(waiting(), bot, take)).toBe('forbidden');
  });

  it('assign: admins and the router only, not to the current assignee, only to an operator that exists', () => {
    expect(verdict(waiting(), admin, assign(1))).toBe('ok');
    expect(verdict(waiting(), bot, assign(1))).toBe('ok');
    expect(verdict(waiting(), op(1), assign(2))).toBe('forbidden');
    expect(verdict(active(1), admin, assign(1))).toBe('invalid_state');
    expect(verdict(waiting(), admin, assign(3, null))).toBe('not_found');
    expect(verdict(waiting(), admin, assign(3, operator(3, false)))).toBe('invalid_state');
    // The role is judged before the target is looked at: a refused role never learns who exists.
    expect(verdict(waiting(), op(1), assign(3, null))).toBe('forbidden');
  });

  it('transfer to operator: by a member or admin, of an active dialog', () => {
    expect(verdict(active(1), op(1), transferTo(2))).toBe('ok');
    expect(verdict(active(1), op(3), transferTo(2))).toBe('forbidden');
    expect(verdict(waiting(), op(1), transferTo(2))).toBe('invalid_state');
    expect(verdict(active(1), admin, transferTo(2))).toBe('ok');
    expect(verdict(active(1), op(1), transferTo(1))).toBe('invalid_state');
  });

  it('transfer to department: members of active dialogs; admins also re-route waiting ones; the department must exist', () => {
    expect(verdict(active(1), op(1), toDept())).toBe('ok');
    expect(verdict(waiting(), op(1), toDept())).toBe('forbidden');
    expect(verdict(waiting(), admin, toDept())).toBe('ok');
    expect(verdict(active(1), op(1), toDept('nope', null))).toBe('validation_failed');
  });

  it('invite: a new member into an active dialog', () => {
    expect(verdict(active(1), op(1), invite(2))).toBe('ok');
    expect(verdict(active(1, [2]), op(1), invite(2))).toBe('invalid_state');
    expect(verdict(active(1), op(5), invite(2))).toBe('forbidden');
    expect(verdict(active(1), op(1), invite(2, null))).toBe('not_found');
  });

  it('end: any operator may end a waiting dialog; an active one only its members or an admin', () => {
    expect(verdict(waiting(), op(4), close)).toBe('ok');
    expect(verdict(active(1), op(1), close)).toBe('ok');
    expect(verdict(active(1), op(4), close)).toBe('forbidden');
    expect(verdict(active(1), admin, close)).toBe('ok');
    expect(verdict(withBot, admin, close)).toBe('invalid_state');
    expect(verdict(active(1), op(4), { type: 'return_to_bot', script: null })).toBe('forbidden');
  });

  it('an operator writing: starts a dialog with the bot lead, takes a waiting one, replies in their own', () => {
    expect(transition(withBot, op(1), writes).dialog).toEqual({ op: 'create', state: 'active', departmentId: null, assigneeId: 1 });
    expect(transition(closed(2), op(1), writes).dialog?.op).toBe('create');
    expect(transition(waiting(), op(1), writes).dialog).toEqual({ op: 'claim', assigneeId: 1 });
    expect(verdict(waiting(7), op(1, [3]), writes)).toBe('forbidden');
    expect(isNoChange(transition(active(1), op(1), writes))).toBe(true);
    expect(verdict(active(2), op(1), writes)).toBe('forbidden');
    expect(isNoChange(transition(active(2), admin, writes))).toBe(true);
    expect(verdict(withBot, bot, writes)).toBe('forbidden');
  });

  it('reopen: only the server, only a closed conversation, only to its last operator who is still an operator', () => {
    expect(transition(closed(2, 5), bot, { type: 'reopen', operator: operator(2) })).toMatchObject({
      dialog: { op: 'create', state: 'active', departmentId: 5, assigneeId: 2 },
      lead: { state: 'operator' },
      clearScenario: false,
      line: { kind: 'assigned', operatorId: 2, byUserId: null },
      event: { type: 'dialog.created' },
    });
    expect(verdict(closed(2), admin, { type: 'reopen', operator: operator(2) })).toBe('forbidden');
    expect(verdict(active(2), bot, { type: 'reopen', operator: operator(2) })).toBe('invalid_state');
    expect(verdict(closed(2), bot, { type: 'reopen', operator: operator(3) })).toBe('invalid_state');
    expect(verdict(closed(2), bot, { type: 'reopen', operator: operator(2, false) })).toBe('invalid_state');
  });

  it('release: only the server, only an active dialog, only from the operator who has it; back to Waiting in its department', () => {
    const release = (id: number): Command => ({ type: 'release', operator: operator(id), reason: 'offline' });
    expect(transition(active(2, [3]), bot, release(2))).toMatchObject({
      dialog: { op: 'release' },
      members: { leave: 'all', join: null },
      lead: { state: 'waiting' },
      line: { kind: 'released', operatorId: 2, operatorName: 'Op 2', reason: 'offline' },
      event: { type: 'dialog.changed', change: 'released' },
    });
    expect(verdict(active(2), admin, release(2))).toBe('forbidden');
    expect(verdict(active(2), op(2), release(2))).toBe('forbidden');
    expect(verdict(active(2), bot, release(3))).toBe('invalid_state');
    expect(verdict(waiting(), bot, release(2))).toBe('invalid_state');
    expect(verdict(closed(2), bot, release(2))).toBe('invalid_state');
  });

  it('tokens act by their roles: admin as the bot/router, operator as an operator without a person, viewer not at all', () => {
    expect(verdict(withBot, adminToken, forward())).toBe('ok');
    expect(verdict(withBot, operatorToken, forward())).toBe('forbidden');
    expect(verdict(withBot, viewerToken, forward())).toBe('forbidden');
    expect(verdict(waiting(), adminToken, assign(1))).toBe('ok');
    expect(verdict(waiting(), operatorToken, assign(1))).toBe('forbidden');
    expect(verdict(waiting(), viewerToken, assign(1))).toBe('forbidden');
    expect(verdict(active(1), adminToken, close)).toBe('ok');
    expect(verdict(waiting(), operatorToken, close)).toBe('ok');
    expect(verdict(active(1), operatorToken, close)).toBe('forbidden');
    expect(verdict(waiting(), viewerToken, close)).toBe('forbidden');
    expect(verdict(active(1), adminToken, transferTo(2))).toBe('ok');
    expect(verdict(active(1), operatorToken, transferTo(2))).toBe('forbidden');
    expect(verdict(waiting(), adminToken, toDept())).toBe('ok');
    expect(verdict(active(1), operatorToken, invite(2))).toBe('forbidden');
    // Person-only: taking and writing need a user, whatever the token's roles.
    expect(verdict(waiting(), adminToken, take)).toBe('forbidden');
    expect(verdict(waiting(), operatorToken, take)).toBe('forbidden');
    expect(verdict(withBot, adminToken, writes)).toBe('forbidden');
  });

  it('a role that changes no dialog gets 403 before any state is looked at', () => {
    for (const w of [viewer, viewerToken]) {
      for (const [s, c] of [
        [withBot, close],
        [waiting(), close],
        [waiting(), transferTo(2)],
        [withBot, toDept()],
        [waiting(), invite(2)],
        [withBot, assign(2)],
        [waiting(), take],
        [withBot, writes],
      ] as const) {
        expect(verdict(s, w, c)).toBe('forbidden');
      }
    }
  });
});

describe('the dialog machine: what each transition writes', () => {
  it('a take claims the waiting dialog (compare-and-set), interrupts the scenario and records who took it', () => {
    expect(transition(waiting(), op(1), take)).toEqual({
      dialog: { op: 'claim', assigneeId: 1 },
      members: { leave: null, join: { userId: 1, kind: 'assignee' } },
      lead: { state: 'operator' },
      clearScenario: true,
      botJob: null,
      line: { kind: 'assigned', operatorId: 1, operatorName: 'Op 1', byUserId: 1 },
      event: { type: 'dialog.assigned', operatorId: 1 },
    });
  });

  it('an assignment of an active dialog moves it: the previous assignee leaves, the lead stays with operators', () => {
    const t = transition(active(1, [2]), admin, assign(3));
    expect(t.dialog).toEqual({ op: 'reassign', assigneeId: 3 });
    expect(t.members).toEqual({ leave: [1, 3], join: { userId: 3, kind: 'assignee' } });
    expect(t.lead).toBeNull();
    expect(t.line).toEqual({ kind: 'assigned', operatorId: 3, operatorName: 'Op 3', byUserId: 99 });
  });

  it("forwarding creates a waiting dialog for the department and runs the bot's transfer script", () => {
    expect(transition(withBot, bot, forward('sales', { id: 7, code: 'sales' }))).toMatchObject({
      dialog: { op: 'create', state: 'waiting', departmentId: 7, assigneeId: null },
      lead: { state: 'waiting', forwarded: true },
      botJob: { kind: 'transfer', script: null },
      line: { kind: 'transferred', departmentCode: 'sales' },
      event: { type: 'dialog.created' },
    });
  });

  it('closing ends the dialog for everyone in it and clears the unread count; returning to the bot restarts its scenario', () => {
    expect(transition(active(1, [2]), op(2), close)).toMatchObject({
      dialog: { op: 'end', reason: 'closed', script: null },
      members: { leave: 'all', join: null },
      lead: { state: 'closed', readAll: true },
      clearScenario: false,
      botJob: null,
      line: { kind: 'closed', byName: 'Op 2' },
      event: { type: 'dialog.changed', change: 'closed' },
    });
    expect(transition(active(1), adminToken, { type: 'return_to_bot', script: 'booking' })).toMatchObject({
      dialog: { op: 'end', reason: 'returned_to_bot', script: 'booking' },
      lead: { state: 'bot', readAll: true },
      clearScenario: true,
      botJob: { kind: 'return_to_bot', script: 'booking' },
      line: { kind: 'returned_to_bot', script: 'booking', byName: null },
    });
  });

  it('a transfer to a department puts the dialog back in Waiting with nobody in it', () => {
    expect(transition(active(1, [2]), op(1), toDept('vip', { id: 9, code: 'vip' }))).toMatchObject({
      dialog: { op: 'requeue', departmentId: 9 },
      members: { leave: 'all', join: null },
      lead: { state: 'waiting' },
      line: { kind: 'transferred_to_department', departmentCode: 'vip' },
      event: { type: 'dialog.changed', change: 'transferred_to_department' },
    });
  });
});
