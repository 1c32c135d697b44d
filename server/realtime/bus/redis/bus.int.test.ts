import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../../../contracts/events';
import { redisReachable, TEST_REDIS_URL, until } from '../../realtime.testkit';
import type { EventBus } from '../bus';
import { createRedisBus } from './bus';

const ev = (seq: number): EventEnvelope => ({ seq, type: 'operator.status', data: { userId: seq, status: 'online' }, at: 1 });

describe.runIf(await redisReachable())('redis bus', () => {
  // A channel of its own, so parallel test files (or a developer's server) cannot interfere.
  const channel = `metadesk:test:${process.pid}:${Date.now()}`;
  const buses: EventBus[] = [];
  const open = async () => {
    const b = await createRedisBus(TEST_REDIS_URL, { channel });
    buses.push(b);
    return b;
  };
  afterAll(async () => { for (const b of buses) await b.close(); });

  it('carries events from one process to every subscriber, the publisher included', async () => {
    const a = await open();
    const b = await open();
    const gotA: [number, number[]][] = [];
    const gotB: [number, EventEnvelope[]][] = [];
    a.subscribe((bid, evs) => gotA.push([bid, evs.map((e) => e.seq)]));
    b.subscribe((bid, evs) => gotB.push([bid, evs]));
    a.publish(7, [ev(1), ev(2)]);
    a.publish(8, [ev(1)]);
    await until(() => gotA.length === 2 && gotB.length === 2, 'both messages on both buses');
    expect(gotA).toEqual([[7, [1, 2]], [8, [1]]]);
    expect(gotB[0]).toEqual([7, [ev(1), ev(2)]]);
  });

  it('ignores malformed messages and survives a throwing handler', async () => {
    const a = await open();
    const got: number[] = [];
    a.subscribe(() => { throw new Error('receiver bug'); });
    a.subscribe((_bid, evs) => got.push(...evs.map((e) => e.seq)));
    const raw = new Redis(TEST_REDIS_URL);
    await raw.publish(channel, 'not json');
    await raw.publish(channel, JSON.stringify({ b: 'x', e: 1 }));
    raw.disconnect();
    a.publish(1, [ev(5)]);
    await until(() => got.length === 1, 'the good message');
    expect(got).toEqual([5]);
  });

  it('stops delivering to a handler once unsubscribed', async () => {
    const a = await open();
    const got: number[] = [];
    const off = a.subscribe((_b, evs) => got.push(...evs.map((e) => e.seq)));
    const other: number[] = [];
    a.subscribe((_b, evs) => other.push(...evs.map((e) => e.seq)));
    off();
    a.publish(1, [ev(9)]);
    await until(() => other.length === 1, 'the other handler');
    expect(got).toEqual([]);
  });

  it('fails fast with a clear message when Redis is unreachable', async () => {
    await expect(createRedisBus('redis://127.0.0.1:1')).rejects.toThrow(/unreachable/);
  });
});
