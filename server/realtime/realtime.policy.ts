import type { Activity, ActivityNotice } from '../../contracts/activity';
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
  return followsBusiness(actor, businessId);
}

/**
 * Whether an actor may say it is viewing or typing in a lead's dialog (the caller checks the lead is
 * the actor's business's): a person of the contact center; typing only one who writes (not a viewer).
 * Machines with tokens have nobody behind them to collide with.
 */
export function canReportActivity(actor: Actor, activity: Activity): boolean {
  if (actor.kind !== 'user' || !canSubscribe(actor)) return false;
  return activity !== 'typing' || hasRole(actor, 'operator', 'admin');
}

/**
 * Whether another operator's activity in a lead's dialog may be sent to this actor: whoever may see the
 * lead's events (the same rule as canSee, so department rules added there belong here too), never the
 * sender themself (their other tabs included), never across businesses.
 */
export function canSeeActivity(actor: Actor, businessId: number, notice: ActivityNotice): boolean {
  if (actor.kind === 'user' && actor.userId === notice.userId) return false;
  return followsBusiness(actor, businessId);
}

function followsBusiness(actor: Actor, businessId: number): boolean {
  return actor.businessId === businessId && canSubscribe(actor);
}
