// Who else has which dialog open, and who is typing in it: what other operators' sockets said, each
// for as long as its frame holds (ttlMs from arrival, our own clock). Not server data: presence is
// never stored or replayed by the server, so it lives here and not in the query cache.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { ACTIVITY, type ActivityNotice } from '@contracts/activity';

export interface Present {
  userId: number;
  name: string;
}

/** One dialog's other people, each person once, in the order they came. */
export interface DialogPresence {
  /** Writing a reply to the lead. */
  typing: Present[];
  /** Writing an internal note (and not a reply). */
  noting: Present[];
  /** Have it open, not typing. */
  viewing: Present[];
}

export interface PresenceStore {
  /** A frame from the socket. */
  apply(n: ActivityNotice): void;
  /** Who is in the dialog now. */
  of(leadId: number): DialogPresence;
  /** Milliseconds until what `of(leadId)` answers changes by expiry alone; null if it never will. */
  nextChange(leadId: number): number | null;
  /** Changes by frames (not by expiry): a counter for useSyncExternalStore. */
  readonly version: number;
  subscribe(listener: () => void): () => void;
}

/** What one socket (one tab of one person) last said. */
interface Entry extends Present {
  leadId: number;
  viewingUntil: number;
  typingUntil: number;
  note: boolean;
}

export const NOBODY: DialogPresence = { typing: [], noting: [], viewing: [] };

export function createPresenceStore(clock: () => number = Date.now): PresenceStore {
  // By connection: a tab is in one dialog at a time, and `left` from one tab leaves the person's others shown.
  const entries = new Map<string, Entry>();
  const listeners = new Set<() => void>();
  let version = 0;

  const prune = (now: number) => {
    for (const [k, e] of entries) if (e.viewingUntil <= now && e.typingUntil <= now) entries.delete(k);
  };

  return {
    apply(n) {
      const now = clock();
      prune(now);
      if (n.activity === 'left') {
        if (entries.get(n.connection)?.leadId === n.leadId) entries.delete(n.connection);
      } else {
        const was = entries.get(n.connection);
        const same = was?.leadId === n.leadId ? was : undefined;
        const until = now + n.ttlMs;
        const typing = n.activity === 'typing';
        entries.set(n.connection, {
          userId: n.userId,
          name: n.name,
          leadId: n.leadId,
          // Typing means having it open, as a `viewing` would (the browser skips its repeat of viewing
          // while typing); `viewing` again (after sending) ends the typing.
          viewingUntil: Math.max(same?.viewingUntil ?? 0, typing ? now + ACTIVITY.viewingTtlMs : until),
          typingUntil: typing ? until : 0,
          note: n.activity === 'typing' && n.note === true,
        });
      }
      version++;
      for (const l of listeners) l();
    },
    of(leadId) {
      const now = clock();
      const people = new Map<number, { who: Present; rank: number }>();
      for (const e of entries.values()) {
        if (e.leadId !== leadId || e.viewingUntil <= now) continue;
        // One person in two tabs shows once, by what says the most: a reply over a note over viewing.
        const rank = e.typingUntil > now ? (e.note ? 1 : 2) : 0;
        const had = people.get(e.userId);
        if (!had || had.rank < rank) people.set(e.userId, { who: had?.who ?? { userId: e.userId, name: e.name }, rank });
      }
      if (people.size === 0) return NOBODY;
      const at = (rank: number) => [...people.values()].filter((p) => p.rank === rank).map((p) => p.who);
      return { typing: at(2), noting: at(1), viewing: at(0) };
    },
    nextChange(leadId) {
      const now = clock();
      let next: number | null = null;
      for (const e of entries.values()) {
        if (e.leadId !== leadId) continue;
        for (const t of [e.viewingUntil, e.typingUntil]) if (t > now && (next === null || t < next)) next = t;
      }
      return next === null ? null : next - now;
    },
    get version() {
      return version;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Who else is in the dialog, re-read when a frame comes and when something expires. */
export function usePresence(store: PresenceStore, leadId: number): DialogPresence {
  const version = useSyncExternalStore(store.subscribe, () => store.version);
  const [expired, setExpired] = useState(0);
  // A new frame (version) or an expiry (expired) renders again; after an expiry, look for the next one.
  useEffect(() => {
    const wait = store.nextChange(leadId);
    if (wait === null) return;
    const timer = setTimeout(() => setExpired((n) => n + 1), wait + 1);
    return () => clearTimeout(timer);
  }, [store, leadId, version, expired]);
  // Cheap (a handful of entries), so read afresh on each render rather than memoized.
  return store.of(leadId);
}
