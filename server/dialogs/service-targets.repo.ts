import type { ServiceTarget } from '../../contracts/inbox';
import type { Executor } from '../storage/db';

export interface Overdue {
  id: number;
  leadId: number;
  target: ServiceTarget;
}

/** Dialogs of the business whose first or next answer was due by `now` and not yet marked missed. */
export async function listOverdue(db: Executor, businessId: number, now: number): Promise<Overdue[]> {
  const first = await db
    .selectFrom('dialogs')
    .select(['id', 'lead_id'])
    .where('business_id', '=', businessId)
    .where('first_response_due_at', '<=', now)
    .where('first_response_breached', '=', 0)
    .where('first_response_at', 'is', null)
    .where('state', '!=', 'closed')
    .execute();
  const next = await db
    .selectFrom('dialogs')
    .select(['id', 'lead_id'])
    .where('business_id', '=', businessId)
    .where('next_response_due_at', '<=', now)
    .where('next_response_breached', '=', 0)
    .where('state', '=', 'active')
    .execute();
  return [
    ...first.map((d) => ({ id: d.id, leadId: d.lead_id, target: 'first_response' as const })),
    ...next.map((d) => ({ id: d.id, leadId: d.lead_id, target: 'next_response' as const })),
  ];
}

/** The earliest due time of a target not yet missed (null: none runs). */
export async function nextDueAt(db: Executor, businessId: number): Promise<number | null> {
  const first = await db
    .selectFrom('dialogs')
    .select((eb) => eb.fn.min('first_response_due_at').as('due'))
    .where('business_id', '=', businessId)
    .where('first_response_breached', '=', 0)
    .where('first_response_at', 'is', null)
    .where('state', '!=', 'closed')
    .executeTakeFirst();
  const next = await db
    .selectFrom('dialogs')
    .select((eb) => eb.fn.min('next_response_due_at').as('due'))
    .where('business_id', '=', businessId)
    .where('next_response_breached', '=', 0)
    .where('state', '=', 'active')
    .executeTakeFirst();
  const dues = [first?.due, next?.due].filter((d): d is number => d !== null && d !== undefined).map(Number);
  return dues.length ? Math.min(...dues) : null;
}

/** Businesses with a target running, for the sweep. */
export async function businessesWithRunningTargets(db: Executor): Promise<number[]> {
  const rows = await db
    .selectFrom('dialogs')
    .select('business_id')
    .distinct()
    .where('state', '!=', 'closed')
    .where((eb) =>
      eb.or([
        eb.and([eb('first_response_due_at', 'is not', null), eb('first_response_breached', '=', 0), eb('first_response_at', 'is', null)]),
        eb.and([eb('next_response_due_at', 'is not', null), eb('next_response_breached', '=', 0)]),
      ]),
    )
    .execute();
  return rows.map((r) => r.business_id);
}

/** Marks the target missed if it still is (compare-and-set: one process, once); true when this call marked it. */
export async function markMissed(db: Executor, dialogId: number, target: ServiceTarget, now: number): Promise<boolean> {
  const r =
    target === 'first_response'
      ? await db
          .updateTable('dialogs')
          .set({ first_response_breached: 1 })
          .where('id', '=', dialogId)
          .where('first_response_breached', '=', 0)
          .where('first_response_at', 'is', null)
          .where('first_response_due_at', '<=', now)
          .where('state', '!=', 'closed')
          .executeTakeFirst()
      : await db
          .updateTable('dialogs')
          .set({ next_response_breached: 1 })
          .where('id', '=', dialogId)
          .where('next_response_breached', '=', 0)
          .where('next_response_due_at', '<=', now)
          .where('state', '=', 'active')
          .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
