import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { buildBusiness } from '../../test/factories';
import { commit } from './commit';
import { event } from './events';
import { eventLogBounds, listEventsSince, pruneEvents } from './event-log.repo';
import type { EventEnvelope } from '../../contracts/events';

describe.each(await dialects())('event log on %s', (dialect) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await testRuntime(dialect);
  });
  afterAll(async () => rt?.dispose());

  it('numbers events per business without gaps, in commit order, under concurrent writers', async () => {
    const a = await buildBusiness(rt.ctx.db);
    const b = await buildBusiness(rt.ctx.db);
    const published: EventEnvelope[] = [];
    const off = rt.ctx.bus.subscribe((bid, evs) => {
      if (bid === a.id) published.push(...evs);
    });
    const writes = Array.from({ length: 40 }, (_, i) =>
      commit(rt.ctx, i % 4 === 0 ? b.id : a.id, async () => ({
        result: i,
        events: [event('operator.status', { userId: i + 1, status: 'online' }), event('unread.changed', { leadId: i + 1, unreadCount: i })],
      })),
    );
    await Promise.all(writes);
    off();
    const logA = await listEventsSince(rt.ctx.db, a.id, 0, 1000);
    expect(logA.map((e) => e.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const logB = await listEventsSince(rt.ctx.db, b.id, 0, 1000);
    expect(logB).toHaveLength(20);
    // Each write's two events sit next to each other: one transaction, consecutive numbers.
    for (let i = 0; i < logA.length; i += 2) expect(logA[i]?.type).toBe('operator.status');
    expect(published.map((e) => e.seq).sort((x, y) => x - y)).toEqual(logA.map((e) => e.seq));
    expect(await eventLogBounds(rt.ctx.db, a.id)).toEqual({ latest: 60, oldest: 1 });
  });

  it("prunes each business's events made before the cut, and only those", async () => {
    const [a, b, c, d] = [await buildBusiness(rt.ctx.db), await buildBusiness(rt.ctx.db), await buildBusiness(rt.ctx.db), await buildBusiness(rt.ctx.db)];
    // Times set by the commit's clock: a's 100 events 10 ms apart from t=1000, b's all before the cut, c's all after, d none.
    const append = (businessId: number, at: number, n = 1) =>
      commit({ ...rt.ctx, clock: () => at }, businessId, async () => ({
        result: null,
        events: Array.from({ length: n }, (_, i) => event('unread.changed', { leadId: 1, unreadCount: i })),
      }));
    for (let i = 0; i < 100; i++) await append(a.id, 1000 + i * 10);
    await append(b.id, 500, 3);
    await append(c.id, 5000, 2);
    const cut = 1000 + 37 * 10 + 5; // a keeps its events from the 39th on
    expect(await pruneEvents(rt.ctx.db, cut)).toBe(38 + 3);
    expect((await listEventsSince(rt.ctx.db, a.id, 0, 1000)).map((e) => e.seq)).toEqual(Array.from({ length: 62 }, (_, i) => i + 39));
    expect(await listEventsSince(rt.ctx.db, b.id, 0, 1000)).toEqual([]);
    expect(await listEventsSince(rt.ctx.db, c.id, 0, 1000)).toHaveLength(2);
    expect(await eventLogBounds(rt.ctx.db, d.id)).toEqual({ latest: 0, oldest: 0 });
    // Pruned once, nothing more to drop at the same cut.
    expect(await pruneEvents(rt.ctx.db, cut)).toBe(0);
  });

  it('publishes nothing when the transaction rolls back', async () => {
    const a = await buildBusiness(rt.ctx.db);
    const seen: number[] = [];
    const off = rt.ctx.bus.subscribe((bid) => {
      if (bid === a.id) seen.push(bid);
    });
    await expect(
      commit(rt.ctx, a.id, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    off();
    expect(seen).toEqual([]);
    expect(await listEventsSince(rt.ctx.db, a.id, 0, 10)).toEqual([]);
  });
});
