import { rowFor } from '../leads/inbox-row.repo';
import { updateLead } from '../leads/leads.repo';
import { event, type PendingEvent } from '../realtime/events';
import type { Tx } from '../storage/db';
import type { Lead } from '../storage/schema';
import { recordSystemLine } from './conversation';
import { addMember, findDialog, findOperator, insertDialog } from './dialogs.repo';

/**
 * With the business setting "reopen to the last operator" on, a closed conversation whose lead
 * writes again goes straight back to the operator who closed it (if they still work here, as an
 * operator) instead of to the bot. Returns the reopened lead and its events, or null.
 */
export async function reopenToLastOperator(tx: Tx, lead: Lead, now: number): Promise<{ lead: Lead; events: PendingEvent[] } | null> {
  if (lead.state !== 'closed' || !lead.current_dialog_id) return null;
  const last = await findDialog(tx, lead.business_id, lead.current_dialog_id);
  if (!last?.assignee_id) return null;
  const operator = await findOperator(tx, lead.business_id, last.assignee_id);
  if (!operator || !operator.roles.includes('operator')) return null;
  const dialog = await insertDialog(tx, {
    business_id: lead.business_id, lead_id: lead.id, state: 'active', department_id: last.department_id,
    assignee_id: operator.id, created_at: now, assigned_at: now,
  });
  await addMember(tx, { dialogId: dialog.id, userId: operator.id, businessId: lead.business_id, kind: 'assignee', now });
  const reopened = await updateLead(tx, lead.id, { state: 'operator', current_dialog_id: dialog.id, last_activity_at: now });
  const row = await rowFor(tx, reopened);
  const line = await recordSystemLine(tx, reopened, dialog.id, { kind: 'assigned', operatorId: operator.id, operatorName: operator.name, byUserId: null }, now);
  return { lead: reopened, events: [event('dialog.created', { row, dialog: row.dialog! }), line] };
}
