// "Only operators with the workspace open": which operators have a realtime socket open, across every
// server process. Each process keeps a row per user with a socket open in it, renews the rows while
// it lives and deletes them as the last socket closes; a process that died leaves rows that are no
// longer renewed and stop counting after PRESENCE_TTL_MS. Where the business distributes only to
// open workspaces, one opening is an `operator.capacity` event: the queue drains to that operator at once.
import { randomUUID } from 'node:crypto';
import { readBusinessSettings } from '../accounts/index';
import type { AppContext } from '../context';
import { commit, event } from '../realtime/index';
import { deletePresence, deletePresenceOf, insertPresence, renewPresence } from './presence.repo';

/** How often a process renews its rows (a row not renewed for three times this stops counting: presence.repo.ts). */
const RENEW_MS = 20_000;

export interface Presence {
  /** A user's socket opened in this process. */
  opened(businessId: number, userId: number): void;
  /** One of their sockets closed. */
  closed(businessId: number, userId: number): void;
  stop(): Promise<void>;
}

export function createPresence(deps: Pick<AppContext, 'db' | 'bus' | 'clock' | 'log'>): Presence {
  const processId = randomUUID();
  /** Per user: open sockets in this process and their business. */
  const sockets = new Map<number, { businessId: number; n: number }>();
  /** Writes run one after another, so a quick open-close-open ends in the right row. */
  let writes = Promise.resolve();
  const write = (what: string, step: () => Promise<unknown>) => {
    writes = writes.then(step).then(
      () => undefined,
      (err: unknown) => deps.log.warn({ err }, `workspace presence: ${what} failed`),
    );
  };

  const renew = setInterval(() => {
    if (sockets.size === 0) return;
    write('renewing', () => renewPresence(deps.db, processId, deps.clock()));
  }, RENEW_MS);
  renew.unref();

  return {
    opened(businessId, userId) {
      const s = sockets.get(userId);
      if (s) {
        s.n++;
        return;
      }
      sockets.set(userId, { businessId, n: 1 });
      write('recording an open workspace', () =>
        commit(deps, businessId, async (tx) => {
          await insertPresence(tx, { userId, processId, businessId, now: deps.clock() });
          // Where distribution waits for an open workspace, the operator may now get dialogs.
          const matters = (await readBusinessSettings(tx, businessId)).autoAssignWorkspaceOnly;
          return { result: null, events: matters ? [event('operator.capacity', { userId })] : [] };
        }),
      );
    },
    closed(_businessId, userId) {
      const s = sockets.get(userId);
      if (!s) return;
      if (--s.n > 0) return;
      sockets.delete(userId);
      // Writes run in order: opened again meanwhile, the next `opened` write puts the row back.
      write('recording a closed workspace', () => deletePresence(deps.db, userId, processId));
    },
    async stop() {
      clearInterval(renew);
      sockets.clear();
      write('clearing', () => deletePresenceOf(deps.db, processId));
      await writes;
    },
  };
}
