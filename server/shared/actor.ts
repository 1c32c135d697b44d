import type { Role } from '../../contracts/roles';

/** Who is acting: a signed-in business user, a machine with an API token, or the system itself. */
export type Actor =
  | { kind: 'user'; businessId: number; userId: number; roles: Role[]; name: string }
  | { kind: 'token'; businessId: number; tokenId: number; roles: Role[] }
  | { kind: 'system'; businessId: number; reason: 'router' | 'bot' | 'demo' };

/** The user id behind an actor, if a person is acting. */
export function actorUserId(actor: Actor): number | null {
  return actor.kind === 'user' ? actor.userId : null;
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  if (actor.kind === 'system') return true;
  return actor.roles.some((r) => roles.includes(r));
}
