import type { Actor } from '../accounts/actor';
import { clearScenario } from '../bots/interpreter/runtime.repo';
import { rowFor } from '../leads/inbox-row.repo';
import { updateLead } from '../leads/leads.repo';
import { event, type PendingEvent } from '../realtime/events';
import type { Tx } from '../storage/db';
import { recordSystemLine, type Conversation } from './conversation';
import { addMember, insertDialog } from './dialogs.repo';

/**
 * A new dialog with this operator for a lead with the bot or closed: the bot's scenario is
 * interrupted. The caller has checked the rules (decideWrite's 'start').
 */
export async function startDialog(tx: Tx, c: Conversation, actor: Actor & { kind: 'user' }, now: number): Promise<{ dialogId: number; events: PendingEvent[] }> {
  const d = await insertDialog(tx, {
    business_id: actor.businessId, lead_id: c.lead.id, state: 'active', department_id: null,
    assignee_id: actor.userId, created_at: now, assigned_at: now,
  });
  await addMember(tx, { dialogId: d.id, userId: actor.userId, businessId: actor.businessId, kind: 'assignee', now });
  await clearScenario(tx, c.lead.id);
  const lead = await updateLead(tx, c.lead.id, { state: 'operator', current_dialog_id: d.id, last_activity_at: now });
  const row = await rowFor(tx, lead);
  return {
    dialogId: d.id,
    events: [
      event('dialog.created', { row, dialog: row.dialog! }),
      await recordSystemLine(tx, lead, d.id, { kind: 'assigned', operatorId: actor.userId, operatorName: actor.name, byUserId: actor.userId }, now),
    ],
  };
}
