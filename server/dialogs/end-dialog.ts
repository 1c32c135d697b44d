import type { Actor } from '../accounts/actor';
import { actorUserId } from '../accounts/actor';
import { enqueueBotJob } from '../bots/bot-jobs.repo';
import { clearScenario } from '../bots/interpreter/runtime.repo';
import { updateLead } from '../leads/leads.repo';
import { event } from '../realtime/events';
import type { Outcome } from '../realtime/commit';
import type { Tx } from '../storage/db';
import { enforce, freshView, loadByDialog, recordSystemLine, whoIs } from './conversation';
import { checkEnd } from './dialog.rules';
import { removeMembers, updateDialog } from './dialogs.repo';
import type { DialogView } from './transfer-to-operators';

/** Closes the dialog; the lead's next message goes to the bot. */
export function closeDialog(tx: Tx, input: { actor: Actor; dialogId: number; now: number }): Promise<Outcome<DialogView>> {
  return endDialog(tx, { ...input, reason: 'closed', script: null });
}

/**
 * Returns the lead to the bot, optionally at a named script; a bot job restarts the scenario there.
 */
export function returnToBot(tx: Tx, input: { actor: Actor; dialogId: number; script?: string | undefined; now: number }): Promise<Outcome<DialogView>> {
  return endDialog(tx, { ...input, reason: 'returned_to_bot', script: input.script ?? null });
}

async function endDialog(
  tx: Tx,
  input: { actor: Actor; dialogId: number; now: number; reason: 'closed' | 'returned_to_bot'; script: string | null },
): Promise<Outcome<DialogView>> {
  const { actor, now, reason } = input;
  const c = await loadByDialog(tx, actor.businessId, input.dialogId);
  enforce(checkEnd(c.snapshot, await whoIs(tx, actor)));
  const byUserId = actorUserId(actor);
  await updateDialog(tx, c.dialog.id, { state: 'closed', ended_at: now, end_reason: reason, ended_by: byUserId, return_script: input.script });
  await removeMembers(tx, c.dialog.id, now);
  const lead = await updateLead(tx, c.lead.id, { state: reason === 'closed' ? 'closed' : 'bot', unread_count: 0, last_activity_at: now });
  if (reason === 'returned_to_bot') {
    // The bot restarts with a clean scenario at the chosen script (or its return script, or its start).
    await clearScenario(tx, lead.id);
    await enqueueBotJob(tx, { businessId: lead.business_id, botId: lead.bot_id, leadId: lead.id, kind: 'return_to_bot', ref: input.script, params: { dialogId: c.dialog.id }, runAt: now, now });
  }
  const view = await freshView(tx, lead.id, c.dialog.id);
  const byName = actor.kind === 'user' ? actor.name : null;
  const line = await recordSystemLine(
    tx, lead, c.dialog.id,
    reason === 'closed' ? { kind: 'closed', byName } : { kind: 'returned_to_bot', script: input.script, byName },
    now,
  );
  return {
    result: { row: view.row, dialog: view.dialog },
    events: [event('dialog.changed', { row: view.row, dialog: view.dialog, change: reason, byUserId }), line],
  };
}
