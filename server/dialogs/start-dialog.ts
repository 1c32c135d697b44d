import type { Actor } from '../accounts/actor';
import { clearScenario } from '../bots/interpreter/runtime.repo';
import { rowFor } from '../leads/inbox-row.repo';
import { updateLead } from '../leads/leads.repo';
import { event, type PendingEvent } from '../realtime/events';
import type { Tx } from '../storage/db';
import { recordSystemLine, type Conversation } from './conversation';
import type { WriteMode } from './dialog.rules';
import { claim } from './take-dialog';
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

/**
 * Puts the writing operator in the lead's dialog as decideWrite said: a new dialog ('start'), the
 * waiting one taken ('take'), or the one they are in ('reply'). Returns the dialog and its events.
 */
export async function enterDialog(tx: Tx, c: Conversation, mode: WriteMode, actor: Actor & { kind: 'user' }, now: number): Promise<{ dialogId: number; events: PendingEvent[] }> {
  if (mode === 'start') return startDialog(tx, c, actor, now);
  if (!c.dialog) throw new Error(`decideWrite said ${mode} for a lead without a dialog`);
  if (mode === 'reply') return { dialogId: c.dialog.id, events: [] };
  const taken = await claim(tx, { lead: c.lead, dialogId: c.dialog.id, operatorId: actor.userId, operatorName: actor.name, byUserId: actor.userId, now });
  return { dialogId: c.dialog.id, events: taken.events };
}
