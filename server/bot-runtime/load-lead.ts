import { findDialog } from '../dialogs/index';
import { findLeadById, getAttributes, getContexts, getTags, leadChannel, personOfLead } from '../leads/index';
import type { Executor } from '../storage/db';

/** The lead as a run needs it: fields, attributes, tags, the operator in charge, its channel. */
export async function loadLeadForRun(db: Executor, leadId: number) {
  const lead = await findLeadById(db, leadId);
  if (!lead) return undefined;
  const [attrs, tags, dialog, channel, contexts, personId] = await Promise.all([
    getAttributes(db, leadId),
    getTags(db, leadId),
    lead.current_dialog_id ? findDialog(db, lead.business_id, lead.current_dialog_id) : undefined,
    leadChannel(db, lead.channel_id),
    getContexts(db, leadId),
    personOfLead(db, leadId),
  ]);
  return {
    lead,
    attrs,
    tags: new Set(tags),
    contexts,
    personId,
    assigneeId: dialog && dialog.state !== 'closed' ? dialog.assignee_id : null,
    channel: channel ?? { kind: 'api', name: '' },
  };
}
