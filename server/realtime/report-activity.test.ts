// One socket's activity frames, without sockets: the rate limit on a moved clock, `left` on close,
// the lead check, and the order of handling.
import { describe, expect, it } from 'vitest';
import type { ActivityNotice } from '../../contracts/activity';
import type { ServerFrame } from '../../contracts/events';
import type { Actor } from '../shared/actor';
import { createMemoryBus } from './bus/memory/bus';
import { activityConnection, type LeadLookup } from './report-activity';

const olga: Actor = { kind: 'user', businessId: 1, userId: 7, roles: ['operator'], name: 'Olga' };
const frame = (leadId: number, activity: 'viewing' | 'typing' | 'left') => JSON.stringify({ type: 'activity', leadId, activity });
const settled = () => new Promise((r) => setTimeout(r, 0));

function harness(leadOf: LeadLookup = async (businessId, leadId) => businessId === 1 && leadId < 100) {
  let now = 1_000_000;
  const bus = createMemoryBus();
  const published: ActivityNotice[] = [];
  bus.subscribeActivity((_b, n) => published.push(n));
  const replies: ServerFrame[] = [];
  const conn = activityConnection({ bus, log: { warn: () => undefined }, clock: () => now, leadOf }, olga, (f) => replies.push(f));
  return { conn, published, replies, move: (ms: number) => (now += ms) };
}

describe('a socket’s activity frames', () => {
  it('passes five frames a second after a burst of ten, and drops the rest without an answer', async () => {
    const h = harness();
    for (let i = 0; i < 20; i++) h.conn.receive(frame(1, 'typing'));
    await settled();
    expect(h.published).toHaveLength(10);
    expect(h.replies).toEqual([]);
    h.move(200); // one frame's worth refilled
    h.conn.receive(frame(1, 'typing'));
    h.conn.receive(frame(1, 'typing'));
    await settled();
    expect(h.published).toHaveLength(11);
    h.move(10_000); // refills to a burst of ten, not fifty
    for (let i = 0; i < 20; i++) h.conn.receive(frame(1, 'viewing'));
    await settled();
    expect(h.published).toHaveLength(21);
  });

  it('says `left` for the dialog it was viewing when the socket closes, and nothing after', async () => {
    const h = harness();
    h.conn.receive(frame(3, 'viewing'));
    h.conn.closed();
    h.conn.receive(frame(4, 'viewing'));
    await settled();
    expect(h.published.map((n) => [n.leadId, n.activity])).toEqual([
      [3, 'viewing'],
      [3, 'left'],
    ]);
  });

  it('says nothing on close after the client already left', async () => {
    const h = harness();
    h.conn.receive(frame(3, 'viewing'));
    h.conn.receive(frame(3, 'left'));
    h.conn.closed();
    await settled();
    expect(h.published.map((n) => n.activity)).toEqual(['viewing', 'left']);
  });

  it('keeps the order of frames while the lead is looked up, and looks each lead up once', async () => {
    let lookups = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const h = harness(async () => {
      lookups++;
      await gate;
      return true;
    });
    h.conn.receive(frame(5, 'viewing'));
    h.conn.receive(frame(5, 'typing'));
    h.conn.receive(frame(5, 'left'));
    await settled();
    expect(h.published).toEqual([]);
    release();
    await gate;
    await settled();
    expect(h.published.map((n) => n.activity)).toEqual(['viewing', 'typing', 'left']);
    expect(lookups).toBe(1);
  });

  it('takes who is acting from the session, not from the frame', async () => {
    const h = harness();
    h.conn.receive(JSON.stringify({ type: 'activity', leadId: 1, activity: 'viewing', userId: 1, name: 'Admin' }));
    await settled();
    expect(h.published[0]).toMatchObject({ userId: 7, name: 'Olga' });
    expect(h.published[0]).not.toHaveProperty('businessId');
  });

  it('answers a lead it cannot find, whether missing or another business’s, with not_found', async () => {
    const h = harness();
    h.conn.receive(frame(500, 'viewing'));
    await settled();
    expect(h.replies).toEqual([{ type: 'error', error: { code: 'not_found', message: 'Lead 500 not found' } }]);
    expect(h.published).toEqual([]);
  });
});
