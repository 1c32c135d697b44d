// The hub on its own, with fake sockets the test can stall: the races are forced, not hoped for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor';
import { buildBusiness } from '../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { commit } from './commit';
import { appendEvents, listEventsSince } from './event-log.repo';
import { event } from './events';
import { createHub, type Hub, type HubOptions } from './hub';
import { FakeSocket, produce, until } from './realtime.testkit';
import { CLOSE_SLOW_CONSUMER } from './subscriber';

const seqs = (s: FakeSocket) => s.events.map((f) => f.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe.each(await dialects())('realtime hub on %s', (dialect) => {
  let rt: TestRuntime;
  const hubs: Hub[] = [];
  beforeAll(async () => {
    rt = await testRuntime(dialect);
  });
  afterAll(async () => {
    for (const h of hubs) await h.close();
    await rt?.dispose();
  });

  const hub = (o: HubOptions = {}) => {
    const h = createHub(rt.ctx, o);
    hubs.push(h);
    return h;
  };
  const operatorOf = (businessId: number): Actor => ({ kind: 'user', businessId, userId: 1, roles: ['operator'], name: 'Olga' });

  it('holds live events back while the backlog is stalled, then sends each once, in order', async () => {
    const b = await buildBusiness(rt.ctx.db);
    await produce(rt.ctx, b.id, 50, 10);
    const h = hub({ pageSize: 10, maxBufferedBytes: 1000 });
    const s = new FakeSocket();
    s.bufferedAmount = 400; // above a quarter of the bound: the backlog waits for each write to flush
    s.holdCallbacks = true;
    h.connect(s, operatorOf(b.id), 0);
    await until(() => s.events.length === 1, 'the first backlog event');
    // Committed while the catch-up is stuck on its first page: these can only travel as live events.
    await produce(rt.ctx, b.id, 5);
    await Promise.all([produce(rt.ctx, b.id, 3), produce(rt.ctx, b.id, 2)]);
    expect(seqs(s)).toEqual([1]);
    s.bufferedAmount = 0;
    s.release();
    await until(() => seqs(s).at(-1) === 60, 'seq 60');
    expect(s.frames[0]).toMatchObject({ type: 'hello', seq: 50 });
    expect(seqs(s)).toEqual(range(1, 60));
    await produce(rt.ctx, b.id, 1);
    await until(() => seqs(s).at(-1) === 61, 'live after catch-up');
    expect(seqs(s)).toEqual(range(1, 61));
  });

  it('delivers out-of-order and repeated bus messages in order, exactly once, filling gaps from the log', async () => {
    const b = await buildBusiness(rt.ctx.db);
    const h = hub();
    const s = new FakeSocket();
    h.connect(s, operatorOf(b.id), null);
    await until(() => s.frames.length === 1, 'hello');
    // Written to the log, published by hand in a bad order (as another process's bus might).
    const written = await rt.ctx.db.transaction().execute((tx) =>
      appendEvents(
        tx,
        b.id,
        [1, 2, 3, 4].map((u) => event('operator.status', { userId: u, status: 'online' })),
        Date.now(),
      ),
    );
    const [e1, e2, e3, e4] = written;
    rt.ctx.bus.publish(b.id, [e3!]);
    rt.ctx.bus.publish(b.id, [e1!]);
    rt.ctx.bus.publish(b.id, [e3!, e2!]);
    rt.ctx.bus.publish(b.id, [e4!, e4!]);
    // A marker published after them all: the hub handles a business's bus messages one after the other,
    // so once 5 is out, every repeat above was handled, and one sent twice would be in the list before it.
    await produce(rt.ctx, b.id, 1);
    await until(() => seqs(s).includes(5), 'the marker event 5');
    expect(seqs(s)).toEqual([1, 2, 3, 4, 5]);
    expect(s.events[2]).toEqual({ seq: 3, type: 'operator.status', data: { userId: 3, status: 'online' }, at: e3!.at });
  });

  it('repairs a lost bus message even when no later event arrives', async () => {
    const b = await buildBusiness(rt.ctx.db);
    const h = hub({ reconcileIntervalMs: 30 });
    const s = new FakeSocket();
    h.connect(s, operatorOf(b.id), null);
    await until(() => s.frames.length === 1, 'hello');
    await rt.ctx.db.transaction().execute((tx) => appendEvents(tx, b.id, [event('operator.status', { userId: 5, status: 'offline' })], Date.now()));
    await until(() => s.events.length === 1, 'the never-published event');
    expect(seqs(s)).toEqual([1]);
  });

  it('closes a socket that does not read (4008) instead of buffering without bound', async () => {
    const b = await buildBusiness(rt.ctx.db);
    const h = hub({ maxBufferedBytes: 10_000 });
    const slow = new FakeSocket();
    const fine = new FakeSocket();
    h.connect(slow, operatorOf(b.id), null);
    h.connect(fine, operatorOf(b.id), null);
    await until(() => slow.frames.length === 1 && fine.frames.length === 1, 'hellos');
    await produce(rt.ctx, b.id, 3);
    slow.bufferedAmount = 20_000;
    await produce(rt.ctx, b.id, 3);
    expect(slow.closedWith?.code).toBe(CLOSE_SLOW_CONSUMER);
    expect(seqs(slow)).toEqual([1, 2, 3, 4]);
    expect(seqs(fine)).toEqual([1, 2, 3, 4, 5, 6]);
    await until(() => h.size === 1, 'the slow socket to leave the hub');
  });

  it('closes a catching-up socket whose held-back live events exceed the bound', async () => {
    const b = await buildBusiness(rt.ctx.db);
    await produce(rt.ctx, b.id, 20);
    const h = hub({ pageSize: 5, maxBufferedBytes: 600 });
    const s = new FakeSocket();
    s.bufferedAmount = 200;
    s.holdCallbacks = true;
    h.connect(s, operatorOf(b.id), 0);
    await until(() => s.events.length === 1, 'first backlog event');
    await produce(rt.ctx, b.id, 20);
    expect(s.closedWith?.code).toBe(CLOSE_SLOW_CONSUMER);
    s.release();
  });

  it('terminates sockets that stop answering pings and keeps those that answer', async () => {
    const b = await buildBusiness(rt.ctx.db);
    const h = hub({ pingIntervalMs: 20 });
    const dead = new FakeSocket();
    dead.answersPings = false;
    const alive = new FakeSocket();
    let pings = 0;
    const answer = alive.ping.bind(alive);
    alive.ping = () => {
      pings++;
      answer();
    };
    h.connect(dead, operatorOf(b.id), null);
    h.connect(alive, operatorOf(b.id), null);
    await until(() => dead.terminated, 'the dead socket to be terminated');
    // Each ping is sent only after the check that its predecessor was answered: three more pings are
    // three more checks the answering socket passed, however long the machine took for them.
    const seen = pings;
    await until(() => pings >= seen + 3, 'three more pings of the live socket');
    expect(alive.terminated).toBe(false);
    expect(h.size).toBe(1);
  });

  it('never sends one business’s events to another business’s socket', async () => {
    const a = await buildBusiness(rt.ctx.db);
    const b = await buildBusiness(rt.ctx.db);
    const h = hub();
    const sa = new FakeSocket();
    const sb = new FakeSocket();
    h.connect(sa, operatorOf(a.id), null);
    h.connect(sb, operatorOf(b.id), 0);
    await until(() => sa.frames.length === 1 && sb.frames.length === 1, 'hellos');
    await produce(rt.ctx, a.id, 5);
    await until(() => sa.events.length === 5, 'A events');
    // B's own event, committed after A's were delivered, is the marker: anything of A's sent to B's
    // socket would have been sent before it.
    await commit(rt.ctx, b.id, async () => ({ result: null, events: [event('operator.status', { userId: 99, status: 'offline' })] }));
    await until(() => sb.events.length > 0, 'B’s own event');
    expect(sb.events).toEqual([{ seq: 1, type: 'operator.status', data: { userId: 99, status: 'offline' }, at: expect.any(Number) }]);
    const logB = await listEventsSince(rt.ctx.db, b.id, 0, 10);
    expect(logB.map((e) => e.data)).toEqual([{ userId: 99, status: 'offline' }]);
  });

  it('closes every socket with 1001 when it closes', async () => {
    const b = await buildBusiness(rt.ctx.db);
    const h = hub();
    const s = new FakeSocket();
    h.connect(s, operatorOf(b.id), null);
    await until(() => s.frames.length === 1, 'hello');
    await h.close();
    expect(s.closedWith?.code).toBe(1001);
    expect(h.size).toBe(0);
  });
});
