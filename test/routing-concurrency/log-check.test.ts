import { describe, expect, it } from 'vitest';
import type { EventEnvelope, EventType } from '../../contracts/events';
import type { Dialog } from '../../contracts/inbox';
import { LogReplay } from './log-check';

// The checker on hand-made logs: it must catch what the routing concurrency test is there to catch.
const dialog = (id: number, state: Dialog['state'], assigneeId: number | null, departmentId: number | null = null) =>
  ({ id, state, assigneeId, departmentId }) as Dialog;
type Logged = readonly [EventType, Record<string, unknown>];
function log(...events: Logged[]): EventEnvelope[] {
  return events.map(([type, data], i) => ({ seq: i + 1, type, data, at: 0 }) as EventEnvelope);
}
const created = (id: number, departmentId: number | null = null): Logged => ['dialog.created', { dialog: dialog(id, 'waiting', null, departmentId) }];
const assigned = (id: number, operatorId: number, byUserId: number | null = null): Logged => [
  'dialog.assigned',
  { dialog: dialog(id, 'active', operatorId), operatorId, byUserId },
];
const closed = (id: number): Logged => ['dialog.changed', { dialog: dialog(id, 'closed', null), change: 'closed', byUserId: null }];
const released = (id: number): Logged => ['dialog.changed', { dialog: dialog(id, 'waiting', null), change: 'released', byUserId: null }];
const olga = { id: 1, status: 'online' as const, maxDialogs: 1 };
const pavel = { id: 2, status: 'online' as const, maxDialogs: 2 };
const replay = (strict: boolean, events: EventEnvelope[], membership = new Map<number, Set<number>>()) => {
  const r = new LogReplay([olga, pavel], { strict });
  r.apply(events, membership);
  return r.violations;
};

describe('the exactly-once checker', () => {
  it('passes a log where the router gives waiting dialogs within limits', () => {
    expect(replay(true, log(created(10), assigned(10, 1), created(11), assigned(11, 2), closed(10), created(12), assigned(12, 1)))).toEqual([]);
  });

  it('catches a dialog given twice, over a limit, to an Offline operator, back to whoever let it go, outside its department', () => {
    expect(replay(true, log(created(10), assigned(10, 1), assigned(10, 2)))).toEqual([
      expect.stringMatching(/^seq 3: the router gave dialog 10 to operator 2, but it was active with 1/),
    ]);
    expect(replay(true, log(created(10), created(11), assigned(10, 1), assigned(11, 1)))).toEqual([
      expect.stringMatching(/^seq 4: .* over their limit 1: they had 1/),
    ]);
    expect(replay(true, log(['operator.status', { userId: 2, status: 'offline' }], created(10), assigned(10, 2)))).toEqual([
      expect.stringMatching(/who was offline/),
    ]);
    expect(replay(true, log(created(10), assigned(10, 2), released(10), assigned(10, 2)))).toEqual([expect.stringMatching(/who had let it go before/)]);
    expect(replay(true, log(created(10, 7), assigned(10, 2)), new Map([[2, new Set([8])]]))).toEqual([expect.stringMatching(/not in its department 7/)]);
  });

  it('follows limits through the log: a lower limit counts from its event on', () => {
    const lowered = log(['operator.capacity', { userId: 2, maxDialogs: 1 }], created(10), created(11), assigned(10, 2), assigned(11, 2));
    expect(replay(true, lowered)).toEqual([expect.stringMatching(/^seq 5: .* over their limit 1/)]);
  });

  it("on PostgreSQL accepts a count from before a colleague's take that committed meanwhile, never one from before the operator's lock", () => {
    // Olga takes dialog 11 herself while the router, having counted her empty, gives her dialog 10.
    const raced = log(created(10), created(11), assigned(11, 1, 1), assigned(10, 1));
    expect(replay(true, raced)).toHaveLength(1);
    expect(replay(false, raced)).toEqual([]);
    // Two routers: the second assignment comes after the first took her lock, so it had to count it.
    const twoRouters = log(created(10), created(11), assigned(10, 1), assigned(11, 1));
    expect(replay(false, twoRouters)).toEqual([expect.stringMatching(/never fewer than 1 since their last locked change \(seq 3\)/)]);
  });
});
