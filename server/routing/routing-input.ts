import type { RoutingInput } from '../../contracts/routing';
import { getAttributes, getLead, getTags, leadChannel } from '../leads/index';
import type { Executor } from '../storage/db';
import type { OperatorView } from './candidates';

/** What the routing script sees for one waiting dialog: the dialog, its lead and every operator of the business. */
export async function routingInput(
  db: Executor,
  o: {
    dialog: { id: number; leadId: number; departmentId: number | null; waitingSince: number };
    departmentCodes: ReadonlyMap<number, string>;
    view: readonly OperatorView[];
    previousOperatorId: number | null;
    suggested: readonly OperatorView[];
    now: number;
  },
): Promise<RoutingInput> {
  const lead = await getLead(db, o.dialog.leadId);
  const [attrs, tags, channel] = await Promise.all([getAttributes(db, lead.id), getTags(db, lead.id), leadChannel(db, lead.channel_id)]);
  const code = (id: number | null) => (id === null ? null : (o.departmentCodes.get(id) ?? null));
  return {
    dialog: { id: o.dialog.id, departmentCode: code(o.dialog.departmentId), waitingSince: o.dialog.waitingSince, previousOperatorId: o.previousOperatorId },
    lead: { id: lead.id, name: lead.name, attrs, tags, channel: channel?.kind ?? 'api', language: lead.language },
    operators: o.view.map((v) => ({
      id: v.id,
      name: v.name,
      status: v.status,
      openDialogs: v.openDialogs,
      maxDialogs: v.maxDialogs,
      departments: v.departmentIds.map((id) => o.departmentCodes.get(id)).filter((c): c is string => c !== undefined),
      lastAssignedAt: v.lastAssignedAt,
      workspaceOpen: v.workspaceOpen,
    })),
    suggested: o.suggested.map((v) => v.id),
    now: o.now,
  };
}
