import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../contracts/events';
import { buildBusiness, buildUser } from '../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import type { Actor } from '../shared/actor';
import { statusEvents, storedStatus } from './accounts.test-support';
import { setOperatorStatus } from './set-operator-status';

describe.each(await dialects())('setOperatorStatus on %s', (dialect) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await testRuntime(dialect);
  });
  afterAll(async () => rt?.dispose());

  async function world() {
    const b = await buildBusiness(rt.ctx.db);
    const op = await buildUser(rt.ctx.db, { businessId: b.id, roles: ['operator'] });
    const router: Actor = { kind: 'system', businessId: b.id, reason: 'router' };
    return { b, op, router };
  }

  it('emits operator.status (logged and published) only when the status changes', async () => {
    const { b, op, router } = await world();
    const published: EventEnvelope[] = [];
    const off = rt.ctx.bus.subscribe((bid, evs) => {
      if (bid === b.id) published.push(...evs);
    });
    const first = await setOperatorStatus(rt.ctx, { actor: router, userId: op.id, status: 'online' });
    expect(first.result).toEqual({ userId: op.id, status: 'online', changed: true });
    expect(first.events.map((e) => [e.type, e.data])).toEqual([['operator.status', { userId: op.id, status: 'online' }]]);
    const again = await setOperatorStatus(rt.ctx, { actor: router, userId: op.id, status: 'online' });
    expect(again).toEqual({ result: { userId: op.id, status: 'online', changed: false }, events: [] });
    off();
    expect(await storedStatus(rt.ctx.db, op.id)).toBe('online');
    expect((await statusEvents(rt.ctx.db, b.id)).map((e) => e.seq)).toEqual(published.map((e) => e.seq));
    expect(published).toHaveLength(1);
  });

  it('under concurrent identical calls exactly one emits', async () => {
    const { b, op, router } = await world();
    const rs = await Promise.all(Array.from({ length: 10 }, () => setOperatorStatus(rt.ctx, { actor: router, userId: op.id, status: 'online' })));
    expect(rs.filter((r) => r.result.changed)).toHaveLength(1);
    expect(await statusEvents(rt.ctx.db, b.id)).toHaveLength(1);
  });

  it("an operator may switch only themselves; another business's user is not found", async () => {
    const { b, op } = await world();
    const other = await buildUser(rt.ctx.db, { businessId: b.id, roles: ['operator'] });
    const self: Actor = { kind: 'user', businessId: b.id, userId: op.id, roles: ['operator'], name: 'Op' };
    await expect(setOperatorStatus(rt.ctx, { actor: self, userId: other.id, status: 'online' })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await setOperatorStatus(rt.ctx, { actor: self, userId: op.id, status: 'online' })).result.changed).toBe(true);
    const elsewhere = await world();
    await expect(setOperatorStatus(rt.ctx, { actor: elsewhere.router, userId: op.id, status: 'offline' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await storedStatus(rt.ctx.db, op.id)).toBe('online');
    expect(await statusEvents(rt.ctx.db, elsewhere.b.id)).toEqual([]);
  });

  it('refuses non-operators and setting a disabled user Online', async () => {
    const { b, router } = await world();
    const viewer = await buildUser(rt.ctx.db, { businessId: b.id, roles: ['viewer'] });
    await expect(setOperatorStatus(rt.ctx, { actor: router, userId: viewer.id, status: 'online' })).rejects.toMatchObject({ code: 'invalid_state' });
    const gone = await buildUser(rt.ctx.db, { businessId: b.id, roles: ['operator'] });
    await rt.ctx.db.updateTable('users').set({ disabled: 1 }).where('id', '=', gone.id).execute();
    await expect(setOperatorStatus(rt.ctx, { actor: router, userId: gone.id, status: 'online' })).rejects.toMatchObject({ code: 'invalid_state' });
    expect((await setOperatorStatus(rt.ctx, { actor: router, userId: gone.id, status: 'offline' })).result.changed).toBe(false);
  });
});
