import { describe, expect, it } from 'vitest';
import { rankOperators, type Candidate } from './pick-operator';

const op = (id: number, o: Partial<Candidate> = {}): Candidate => ({ id, status: 'online', maxDialogs: 3, openDialogs: 0, lastAssignedAt: 0, ...o });

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
});
