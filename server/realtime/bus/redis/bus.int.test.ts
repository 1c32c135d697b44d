import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { ActivityNotice } from '../../../../contracts/activity';
import type { EventEnvelope } from '../../../../contracts/events';
import { startTcpProxy, type TcpProxy } from '../../../../test/tcp-proxy';
import { redisReachable, TEST_REDIS_URL, until } from '../../realtime.testkit';
import { createRedisBus, type RedisBus } from './bus';

const ev = (seq: number): EventEnvelope => ({ seq, type: 'operator.status', data: { userId: seq, status: 'online' }, at: 1 });

describe.runIf(await redisReachable())('redis bus', () => {
  // A channel of its own, so parallel test files (or a developer's server) cannot interfere.
  const channel = `metadesk:test:${process.pid}:${Date.now()}`;
  const buses: RedisBus[] = [];
  const proxies: TcpProxy[] = [];
  /** A bus on the channel, once subscribed (a message published before that would not reach it). */
  const open = async (url = TEST_REDIS_URL, on = channel) => {
    const b = createRedisBus(url, { channel: on });
    buses.push(b);
    await until(() => b.connected, 'the bus to connect');
    return b;
  };
  afterAll(async () => {
    for (const b of buses) await b.close();
    for (const p of proxies) await p.close();
  });

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
    expect(gotA).toEqual([
      [7, [1, 2]],
      [8, [1]],
    ]);
    expect(gotB[0]).toEqual([7, [ev(1), ev(2)]]);
  });

  it('ignores malformed messages and survives a throwing handler', async () => {
    const a = await open();
    const got: number[] = [];
    a.subscribe(() => {
      throw new Error('receiver bug');
    });
    a.subscribe((_bid, evs) => got.push(...evs.map((e) => e.seq)));
    const raw = new Redis(TEST_REDIS_URL);
    await raw.publish(channel, 'not json');
    await raw.publish(channel, JSON.stringify({ b: 'x', e: 1 }));
    raw.disconnect();
    a.publish(1, [ev(5)]);
    await until(() => got.length === 1, 'the good message');
    expect(got).toEqual([5]);
  });

  it('carries operators’ activity to activity handlers only, and ignores a malformed one', async () => {
    const on = `${channel}:activity`;
    const a = await open(TEST_REDIS_URL, on);
    const b = await open(TEST_REDIS_URL, on);
    const notice: ActivityNotice = { type: 'activity', leadId: 4, userId: 7, name: 'Olga', activity: 'typing', note: true, connection: 'c1', ttlMs: 6000 };
    const events: number[] = [];
    const seen: [number, ActivityNotice][] = [];
    b.subscribe((_bid, evs) => events.push(...evs.map((e) => e.seq)));
    b.subscribeActivity((bid, n) => seen.push([bid, n]));
    const raw = new Redis(TEST_REDIS_URL);
    await raw.publish(on, JSON.stringify({ b: 3, a: { ...notice, activity: 'dancing' } }));
    raw.disconnect();
    a.publishActivity(3, notice);
    a.publish(3, [ev(1)]);
    // Published after the activity on the same connection: once it is here, so is everything before it.
    await until(() => events.length === 1, 'the event published after the activity');
    expect(seen).toEqual([[3, notice]]);
    expect(events).toEqual([1]);
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

  it('starts while Redis is unreachable, serves its own events meanwhile, and delivers once Redis is back', async () => {
    const proxy = await startTcpProxy(Number(new URL(TEST_REDIS_URL).port || 6379));
    proxies.push(proxy);
    proxy.cut();
    const late = createRedisBus(proxy.url.replace('http:', 'redis:'), { channel });
    buses.push(late);
    const got: number[] = [];
    late.subscribe((_b, evs) => got.push(...evs.map((e) => e.seq)));
    expect(late.connected).toBe(false);
    // Down: what this process publishes still reaches its own handlers (its sockets stay live).
    late.publish(1, [ev(1)]);
    expect(got).toEqual([1]);
    const other = await open();
    proxy.restore();
    await until(() => late.connected, 'the bus to connect once Redis is reachable');
    other.publish(1, [ev(2)]);
    await until(() => got.includes(2), 'an event from another process');
    // Up: its own events come back through Redis, once.
    late.publish(1, [ev(3)]);
    other.publish(1, [ev(4)]);
    await until(() => got.includes(3) && got.includes(4), 'both events');
    expect(got.filter((s) => s === 3)).toEqual([3]);
  });

  it('keeps deployments on different channels apart', async () => {
    const mine = await open(TEST_REDIS_URL, `${channel}:a`);
    const theirs = await open(TEST_REDIS_URL, `${channel}:b`);
    const gotMine: number[] = [];
    const gotTheirs: number[] = [];
    mine.subscribe((_b, evs) => gotMine.push(...evs.map((e) => e.seq)));
    theirs.subscribe((_b, evs) => gotTheirs.push(...evs.map((e) => e.seq)));
    mine.publish(1, [ev(1)]);
    theirs.publish(1, [ev(2)]);
    await until(() => gotMine.length > 0 && gotTheirs.length > 0, 'each bus its own event');
    // One connection publishes in order and each subscription receives in order: a message on
    // the other channel, had it been delivered, would have come before the one published after it.
    const raw = new Redis(TEST_REDIS_URL);
    await raw.publish(`${channel}:b`, JSON.stringify({ b: 1, e: [ev(10)] }));
    await raw.publish(`${channel}:a`, JSON.stringify({ b: 1, e: [ev(11)] }));
    await raw.publish(`${channel}:b`, JSON.stringify({ b: 1, e: [ev(12)] }));
    raw.disconnect();
    await until(() => gotMine.includes(11) && gotTheirs.includes(12), 'the last message on each channel');
    expect(gotMine).toEqual([1, 11]);
    expect(gotTheirs).toEqual([2, 10, 12]);
  });
});
