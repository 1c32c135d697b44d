import type { Actor } from '../shared/actor';
import type { Executor } from '../storage/db';
import { listEventsSince } from './event-log.repo';
import { latestSeqs } from './realtime.repo';
import type { EventsPage, EventsQuery } from '../../contracts/realtime';
import { canSee } from './realtime.policy';

/**
 * One page of the actor's business events after `since`, for machines that poll instead of holding
 * a socket. Guarantees: no gaps (a page always starts at since+1) or `resync` when that is gone.
 */
export async function pollEvents(deps: { db: Executor }, actor: Actor, q: EventsQuery): Promise<EventsPage> {
  const businessId = actor.businessId;
  const latest = (await latestSeqs(deps.db, [businessId])).get(businessId) ?? 0;
  if (q.since === latest) return { events: [], latest, next: latest, resync: false };
  // A seq from the future belongs to something else (a reset database): reload.
  if (q.since > latest) return { events: [], latest, next: latest, resync: true };
  const page = await listEventsSince(deps.db, businessId, q.since, q.limit);
  if (page[0]?.seq !== q.since + 1) return { events: [], latest, next: latest, resync: true };
  const next = page[page.length - 1]?.seq ?? q.since;
  return { events: page.filter((e) => canSee(actor, businessId, e)), latest: Math.max(latest, next), next, resync: false };
}
