import type { Actor } from '../shared/actor';
import { canViewDialogs } from './dialogs.policy';
import type { LeadDialogList } from '../../contracts/leads';
import { listLeadDialogs } from './dialogs.repo';
import { forbidden, notFound } from '../errors';
import { cursorCodec } from '../shared/cursor';
import type { Executor } from '../storage/db';
import { presentDialog, findLead } from '../leads/index';
import { listDepartmentsOfBusiness, userNames } from '../accounts/index';

const cursor = cursorCodec('lead-dialogs', ['id']);

/** A page of the lead's current and earlier dialogs, newest first, for the lead's page. */
export async function getLeadDialogs(
  db: Executor,
  { actor, leadId, query }: { actor: Actor; leadId: number; query: { cursor?: string | undefined; limit: number } },
): Promise<LeadDialogList> {
  if (!canViewDialogs(actor)) throw forbidden('The contact center is for operators, administrators and viewers');
  const lead = await findLead(db, actor.businessId, leadId);
  if (!lead) throw notFound('Lead');
  const { rows, hasMore } = await listLeadDialogs(db, actor.businessId, lead.id, { before: cursor.read(query.cursor)?.id, limit: query.limit });
  const [names, departments] = await Promise.all([
    userNames(
      db,
      rows.flatMap((r) => r.members.map((m) => m.id)),
    ),
    listDepartmentsOfBusiness(db, actor.businessId),
  ]);
  const departmentName = new Map(departments.map((d) => [d.id, d.name]));
  return {
    dialogs: rows.map((r) => ({
      ...presentDialog(
        r.dialog,
        r.members.filter((m) => m.left_at === null && r.dialog.state !== 'closed').map((m) => m.id),
      ),
      operators: [...new Map(r.members.map((m) => [m.id, { id: m.id, name: names.get(m.id) ?? '' }])).values()],
      departmentName: r.dialog.department_id === null ? null : (departmentName.get(r.dialog.department_id) ?? null),
    })),
    nextCursor: cursor.next(rows.at(-1)?.dialog, hasMore),
  };
}
