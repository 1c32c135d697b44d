import type { EventEnvelope } from '../../contracts/events';
import { transact, type Db, type Tx } from '../storage/db';
import type { EventBus } from './bus/bus';
import { appendEvents } from './event-log.repo';
import type { PendingEvent } from './events';

export interface CommitDeps {
  db: Db;
  bus: EventBus;
  clock: () => number;
}

export interface Outcome<T> {
  result: T;
  events: PendingEvent[];
}

/**
 * Runs a use case in one transaction, appends the events it caused to the log in that same
 * transaction, and publishes them only after commit: a browser never sees a change that rolled back.
 */
export async function commit<T>(deps: CommitDeps, businessId: number, work: (tx: Tx) => Promise<Outcome<T>>): Promise<{ result: T; events: EventEnvelope[] }> {
  const out = await transact(deps.db, async (tx) => {
    const { result, events } = await work(tx);
    const envelopes = await appendEvents(tx, businessId, events, deps.clock());
    return { result, events: envelopes };
  });
  if (out.events.length > 0) deps.bus.publish(businessId, out.events);
  return out;
}
