import type { Actor } from '../accounts/actor';
import type { Dialog, InboxRow } from '../../contracts/inbox';
import { enqueueBotJob } from '../bots/bot-jobs.repo';
import { badInput } from '../errors';
import { updateLead } from '../leads/leads.repo';
import { event } from '../realtime/events';
import type { Outcome } from '../realtime/commit';
import type { Tx } from '../storage/db';
import { enforce, freshView, loadConversation, recordSystemLine, whoIs } from './conversation';
import { checkTransferToOperators } from './dialog.rules';
import { findDepartmentByCode, insertDialog } from './dialogs.repo';

export interface DialogView {
  row: InboxRow;
  dialog: Dialog;
}

/** The bot hands the lead to the contact center: a new dialog waits, optionally for a department. */
export async function transferToOperators(
  tx: Tx,
  input: { actor: Actor; leadId: number; departmentCode?: string | undefined; now: number },
): Promise<Outcome<DialogView>> {
  const { actor, now } = input;
  const c = await loadConversation(tx, actor.businessId, input.leadId);
  enforce(checkTransferToOperators(c.snapshot, await whoIs(tx, actor)));
  const dept = input.departmentCode ? await findDepartmentByCode(tx, actor.businessId, input.departmentCode) : undefined;
  if (input.departmentCode && !dept) throw badInput('departmentCode', `no department with code "${input.departmentCode}"`);
  const dialog = await insertDialog(tx, {
    business_id: actor.businessId,
    lead_id: c.lead.id,
    state: 'waiting',
    department_id: dept?.id ?? null,
    assignee_id: null,
    created_at: now,
  });
  const lead = await updateLead(tx, c.lead.id, { state: 'waiting', current_dialog_id: dialog.id, is_forwarded: 1, forwarded_at: now, last_activity_at: now });
  // The bot's system transfer script runs on every transfer, whoever made it (command, JS, API).
  await enqueueBotJob(tx, { businessId: lead.business_id, botId: lead.bot_id, leadId: lead.id, kind: 'transfer', params: { dialogId: dialog.id }, runAt: now, now });
  const view = await freshView(tx, lead.id, dialog.id);
  const line = await recordSystemLine(tx, lead, dialog.id, { kind: 'transferred', departmentCode: dept?.code ?? null }, now);
  return { result: { row: view.row, dialog: view.dialog }, events: [event('dialog.created', { row: view.row, dialog: view.dialog }), line] };
}
