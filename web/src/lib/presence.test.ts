import { describe, expect, it } from 'vitest';
import type { Activity, ActivityNotice } from '@contracts/activity';
import { createPresenceStore } from './presence';

const TTL: Record<Activity, number> = { viewing: 45_000, typing: 6_000, left: 0 };
const irina = { userId: 1, name: 'Irina' };
const oleg = { userId: 2, name: 'Oleg' };

function notice(who: { userId: number; name: string }, leadId: number, activity: Activity, o: { connection?: string; note?: boolean } = {}): ActivityNotice {
  return {
    type: 'activity',
    leadId,
    userId: who.userId,
    name: who.name,
    activity,
    ...(o.note ? { note: true } : {}),
    connection: o.connection ?? `tab-of-${who.userId}`,
    ttlMs: TTL[activity],
  };
}

function withClock() {
  let now = 1_000_000;
  const store = createPresenceStore(() => now);
  return { store, move: (ms: number) => (now += ms) };
}

describe('who else is in a dialog', () => {
  it('shows viewers until their viewing runs out, and again once it is repeated', () => {
    const { store, move } = withClock();
    store.apply(notice(irina, 7, 'viewing'));
    store.apply(notice(oleg, 7, 'viewing'));
    store.apply(notice(oleg, 8, 'viewing', { connection: 'oleg-2' }));
    expect(store.of(7)).toEqual({ typing: [], noting: [], viewing: [irina, oleg] });
    move(20_000);
    store.apply(notice(irina, 7, 'viewing')); // her 20 s repeat
    expect(store.nextChange(7)).toBe(25_000); // Oleg's runs out first
    move(25_000);
    expect(store.of(7).viewing).toEqual([irina]);
    move(20_000);
    expect(store.of(7).viewing).toEqual([]);
    expect(store.nextChange(7)).toBeNull();
  });

  it('shows typing for 6 s, then viewing again; sending (viewing) ends it at once', () => {
    const { store, move } = withClock();
    store.apply(notice(irina, 7, 'typing'));
    expect(store.of(7)).toEqual({ typing: [irina], noting: [], viewing: [] });
    expect(store.nextChange(7)).toBe(6_000);
    move(6_000);
    // Typing implied viewing: she still has it open.
    expect(store.of(7)).toEqual({ typing: [], noting: [], viewing: [irina] });
    store.apply(notice(irina, 7, 'typing'));
    move(1_000);
    store.apply(notice(irina, 7, 'viewing'));
    expect(store.of(7)).toEqual({ typing: [], noting: [], viewing: [irina] });
    // Typing kept the dialog open as long as a viewing would have.
    move(44_000);
    expect(store.of(7).viewing).toEqual([irina]);
  });

  it('tells a note from a reply, and a reply wins', () => {
    const { store } = withClock();
    store.apply(notice(irina, 7, 'typing', { note: true }));
    store.apply(notice(oleg, 7, 'typing'));
    expect(store.of(7)).toEqual({ typing: [oleg], noting: [irina], viewing: [] });
  });

  it('drops a tab that left, but not the same person’s other tab', () => {
    const { store } = withClock();
    store.apply(notice(irina, 7, 'viewing', { connection: 'a' }));
    store.apply(notice(irina, 7, 'typing', { connection: 'b' }));
    // One person, shown once, by what says the most.
    expect(store.of(7)).toEqual({ typing: [irina], noting: [], viewing: [] });
    store.apply(notice(irina, 7, 'left', { connection: 'b' }));
    expect(store.of(7)).toEqual({ typing: [], noting: [], viewing: [irina] });
    store.apply(notice(irina, 7, 'left', { connection: 'a' }));
    expect(store.of(7)).toEqual({ typing: [], noting: [], viewing: [] });
  });

  it('moves a tab to the dialog it opened next; a late left for the old one changes nothing', () => {
    const { store } = withClock();
    store.apply(notice(oleg, 7, 'viewing'));
    store.apply(notice(oleg, 8, 'viewing'));
    store.apply(notice(oleg, 7, 'left'));
    expect(store.of(7).viewing).toEqual([]);
    expect(store.of(8).viewing).toEqual([oleg]);
  });

  it('tells its subscribers about each frame', () => {
    const { store } = withClock();
    let calls = 0;
    const off = store.subscribe(() => calls++);
    const before = store.version;
    store.apply(notice(oleg, 7, 'viewing'));
    expect(calls).toBe(1);
    expect(store.version).toBe(before + 1);
    off();
    store.apply(notice(oleg, 7, 'left'));
    expect(calls).toBe(1);
  });
});
