// The shared backlog against a real event log: what it reads once is served from memory to every
// later reader (proved by emptying the log underneath it), and it holds nothing it was not asked for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBusiness } from '../../test/factories';
import { dialects, testRuntime, type TestRuntime } from '../../test/harness';
import { Backlog } from './backlog';
import { listEventsSince } from './event-log.repo';
import { produce } from './realtime.testkit';
import { encodeEvent } from './subscriber';

const seqsOf = (frames: { event: { seq: number } }[]) => frames.map((f) => f.event.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe.each(await dialects())('shared backlog on %s', (dialect) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await testRuntime(dialect);
  });
  afterAll(async () => rt?.dispose());

  let clock = 0;
  const backlogOf = (businessId: number, maxPages = 4) => new Backlog(rt.ctx.db, businessId, { pageSize: 10, idleMs: 1000, maxPages, now: () => clock });
  const emptyLog = (businessId: number) => rt.ctx.db.deleteFrom('events').where('business_id', '=', businessId).execute();

  it('reads up to a page boundary, and serves the same seqs to later readers from memory', async () => {
    const b = await buildBusiness(rt.ctx.db);
    await produce(rt.ctx, b.id, 25, 5);
    const backlog = backlogOf(b.id);
    expect(seqsOf(await backlog.read(3, 25))).toEqual(range(4, 10));
    expect(seqsOf(await backlog.read(10, 25))).toEqual(range(11, 20));
    expect(seqsOf(await backlog.read(20, 23))).toEqual(range(21, 23));
    await emptyLog(b.id);
    // The log is empty now: whatever comes back was read once and kept.
    expect(seqsOf(await backlog.read(0, 25))).toEqual(range(1, 10));
    expect(seqsOf(await backlog.read(15, 23))).toEqual(range(16, 20));
    expect(seqsOf(await backlog.read(20, 23))).toEqual(range(21, 23));
    // Past what was read: the log is asked again, and it no longer has them.
    expect(seqsOf(await backlog.read(20, 25))).toEqual(range(21, 23));
  });

  it('encodes each event once for any number of readers at once', async () => {
    const b = await buildBusiness(rt.ctx.db);
    await produce(rt.ctx, b.id, 10, 10);
    const backlog = backlogOf(b.id);
    const pages = await Promise.all(Array.from({ length: 50 }, () => backlog.read(0, 10)));
    const [first] = pages;
    expect(seqsOf(first!)).toEqual(range(1, 10));
    // The same bytes object for every reader: one read, one serialization.
    for (const p of pages) p.forEach((f, i) => expect(f.bytes).toBe(first![i]!.bytes));
    const stored = await listEventsSince(rt.ctx.db, b.id, 0, 10);
    expect(first!.map((f) => String(f.bytes))).toEqual(stored.map((e) => String(encodeEvent(e).bytes)));
  });

  it('keeps live events that continue a page a catch-up opened, and nothing when nobody caught up', async () => {
    const b = await buildBusiness(rt.ctx.db);
    await produce(rt.ctx, b.id, 8, 8);
    const idle = backlogOf(b.id);
    const live = await listEventsSince(rt.ctx.db, b.id, 0, 8);
    for (const e of live) idle.append(encodeEvent(e));
    expect(idle.size).toBe(0);

    const backlog = backlogOf(b.id);
    expect(seqsOf(await backlog.read(0, 5))).toEqual(range(1, 5));
    await produce(rt.ctx, b.id, 10, 10);
    const more = await listEventsSince(rt.ctx.db, b.id, 5, 13);
    for (const e of more) backlog.append(encodeEvent(e));
    await emptyLog(b.id);
    // 6…18 arrived live after the page was opened: kept, across the page boundary at 10.
    expect(seqsOf(await backlog.read(4, 18))).toEqual(range(5, 10));
    expect(seqsOf(await backlog.read(10, 18))).toEqual(range(11, 18));
  });

  it('starts after pruned events, so the reader can tell it missed them', async () => {
    const b = await buildBusiness(rt.ctx.db);
    await produce(rt.ctx, b.id, 12, 12);
    await rt.ctx.db.deleteFrom('events').where('business_id', '=', b.id).where('seq', '<=', 6).execute();
    expect(seqsOf(await backlogOf(b.id).read(2, 12))).toEqual(range(7, 10));
  });

  it('drops pages nobody read lately, and keeps at most maxPages', async () => {
    const b = await buildBusiness(rt.ctx.db);
    await produce(rt.ctx, b.id, 40, 10);
    const backlog = backlogOf(b.id, 2);
    clock = 0;
    await backlog.read(0, 40);
    await backlog.read(10, 40);
    await backlog.read(20, 40);
    expect(backlog.size).toBe(2);
    clock = 600;
    await backlog.read(25, 40);
    clock = 1500;
    backlog.sweep();
    // Page 10…20 was last read at 0, page 20…30 at 600: only the older one is idle past 1000.
    expect(backlog.size).toBe(1);
    clock = 3000;
    backlog.sweep();
    expect(backlog.size).toBe(0);
  });
});
