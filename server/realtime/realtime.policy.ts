import type { EventEnvelope } from '../../contracts/events';
import type { Role } from '../../contracts/roles';
import { hasRole, type Actor } from '../shared/actor';

/** Roles that work in the contact center and so may follow its live event stream. */
const CONTACT_CENTER_ROLES: readonly Role[] = ['operator', 'admin', 'viewer'];

/** Whether the actor may open the realtime socket or poll the event log at all. */
export function canSubscribe(actor: Actor): boolean {
  return actor.kind !== 'system' && hasRole(actor, ...CONTACT_CENTER_ROLES);
}

/**
 * Whether one event may be sent to this actor. Guarantees that an event never crosses businesses;
 * inside a business every contact-center user sees everything for now (the All tab). Department
 * rules go here, and only here, so the socket and the polling route stay in step.
 */
export function canSee(actor: Actor, businessId: number, _event: EventEnvelope): boolean {
  return actor.businessId === businessId && canSubscribe(actor);
}
