// One consistent read of the business: its new events and the state they lead to, in one transaction
// (PostgreSQL: REPEATABLE READ, one snapshot for every statement; SQLite: a read transaction on WAL).
import type { Kysely } from 'kysely';
import type { EventEnvelope } from '../../contracts/events';
import { currentSeq, listEventsSince } from '../../server/realtime/event-log.repo';
import type { DB } from '../../server/storage/schema';
import type { Dialect } from '../harness';
import type { Snapshot } from './log-check';

const PAGE = 2_000;

/** The events after `since` and the database as they leave it. */
export async function readSnapshot(
  db: Kysely<DB>,
  dialect: Dialect,
  businessId: number,
  since: number,
): Promise<{ snapshot: Snapshot; events: EventEnvelope[] }> {
  const begin = dialect === 'postgres' ? db.transaction().setIsolationLevel('repeatable read') : db.transaction();
  return begin.execute(async (tx) => {
    const seq = await currentSeq(tx, businessId);
    const events: EventEnvelope[] = [];
    for (let after = since; after < seq;) {
      const page = await listEventsSince(tx, businessId, after, PAGE);
      if (page.length === 0) break;
      events.push(...page.filter((e) => e.seq <= seq));
      after = page.at(-1)!.seq;
    }
    const dialogs = await tx
      .selectFrom('dialogs')
      .select(['id', 'state', 'assignee_id', 'department_id'])
      .where('business_id', '=', businessId)
      .orderBy('id')
      .execute();
    const members = await tx.selectFrom('dialog_members').select(['dialog_id', 'user_id', 'kind', 'left_at']).where('business_id', '=', businessId).execute();
    const operators = await tx
      .selectFrom('users')
      .select(['id', 'status', 'max_dialogs', 'disabled', 'roles'])
      .where('business_id', '=', businessId)
      .orderBy('id')
      .execute();
    const rows = await tx
      .selectFrom('user_departments')
      .innerJoin('departments', 'departments.id', 'user_departments.department_id')
      .select(['user_departments.user_id', 'user_departments.department_id'])
      .where('departments.business_id', '=', businessId)
      .execute();
    const membership = new Map<number, Set<number>>();
    for (const r of rows) membership.set(r.user_id, (membership.get(r.user_id) ?? new Set()).add(r.department_id));
    return { snapshot: { seq, dialogs, members, operators, membership }, events };
  });
}
