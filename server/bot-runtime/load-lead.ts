import { findDialog } from '../dialogs/index';
import { findLeadById, getAttributes, getTags } from '../leads/index';
import type { Executor } from '../storage/db';

/** The lead as a run needs it: fields, attributes, tags. */
export async function loadLeadForRun(db: Executor, leadId: number) {
  const lead = await findLeadById(db, leadId);
  if (!lead) return undefined;
  const [attrs, tags, dialog] = await Promise.all([
    getAttributes(db, leadId),
    getTags(db, leadId),
    lead.current_dialog_id ? findDialog(db, lead.business_id, lead.current_dialog_id) : undefined,
  ]);
  return {
    lead,
    attrs,
    tags: new Set(tags),
    assigneeId: dialog && dialog.state !== 'closed' ? dialog.assignee_id : null,
  };
}
