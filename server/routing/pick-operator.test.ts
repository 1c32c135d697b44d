import { describe, expect, it } from 'vitest';
import { chooseOperators, rankOperators, type Candidate } from './pick-operator';

const op = (id: number, o: Partial<Candidate> = {}): Candidate => ({
  id,
  status: 'online',
  maxDialogs: 3,
  openDialogs: 0,
  lastAssignedAt: 0,
  workspaceOpen: true,
  ...o,
});

describe('the built-in distribution rule', () => {
  it('prefers the least loaded online operator under their limit', () => {
    const ranked = rankOperators([op(1, { openDialogs: 2 }), op(2, { openDialogs: 1 }), op(3, { status: 'offline' }), op(4, { openDialogs: 3 })], {
      onlineOnly: true,
    });
    expect(ranked.map((c) => c.id)).toEqual([2, 1]);
  });
  it('breaks ties by who waited longest since their last dialog', () => {
    expect(rankOperators([op(1, { lastAssignedAt: 500 }), op(2, { lastAssignedAt: 100 })], { onlineOnly: true }).map((c) => c.id)).toEqual([2, 1]);
  });
  it('can consider offline operators when asked', () => {
    expect(rankOperators([op(1, { status: 'offline' })], { onlineOnly: false }).map((c) => c.id)).toEqual([1]);
    expect(rankOperators([op(1, { status: 'offline' })], { onlineOnly: true })).toEqual([]);
  });
  it('can leave out operators whose workspace is closed', () => {
    const both = [op(1, { workspaceOpen: false }), op(2, { openDialogs: 2 })];
    expect(rankOperators(both, { onlineOnly: true, workspaceOnly: true }).map((c) => c.id)).toEqual([2]);
    expect(rankOperators(both, { onlineOnly: true }).map((c) => c.id)).toEqual([1, 2]);
  });
});

describe('one decision on a view (chooseOperators)', () => {
  const view = [
    { ...op(1, { openDialogs: 2 }), departmentIds: [10] },
    { ...op(2, { openDialogs: 0, lastAssignedAt: 50 }), departmentIds: [10, 20] },
    { ...op(3, { openDialogs: 0, lastAssignedAt: 10 }), departmentIds: [] },
    { ...op(4, { openDialogs: 1 }), departmentIds: [20] },
    { ...op(5, { status: 'offline' }), departmentIds: [10] },
  ];
  const ids = (xs: { id: number }[]) => xs.map((x) => x.id);
  it('keeps to the department, ranks by the rule, and the top few equal the full ranking', () => {
    expect(ids(chooseOperators(view, { onlineOnly: true, departmentId: null }))).toEqual([3, 2, 4, 1]);
    expect(ids(chooseOperators(view, { onlineOnly: true, departmentId: null }, 2))).toEqual([3, 2]);
    expect(ids(chooseOperators(view, { onlineOnly: true, departmentId: 10 }))).toEqual([2, 1]);
    expect(ids(chooseOperators(view, { onlineOnly: false, departmentId: 10 }, 1))).toEqual([5]);
  });
  it('puts the previous operator first when they fit, and never offers to those excluded', () => {
    expect(ids(chooseOperators(view, { onlineOnly: true, departmentId: null, preferOperatorId: 1 }, 2))).toEqual([1, 3]);
    expect(ids(chooseOperators(view, { onlineOnly: true, departmentId: null, preferOperatorId: 5 }, 2))).toEqual([3, 2]);
    expect(ids(chooseOperators(view, { onlineOnly: true, departmentId: 20, excludeOperatorIds: [2] }))).toEqual([4]);
  });
});
