import type { Actor } from '../accounts/actor';
import { actorUserId } from '../accounts/actor';
import { badInput } from '../errors';
import { updateLead } from '../leads/leads.repo';
import { event } from '../realtime/events';
import type { Outcome } from '../realtime/commit';
import type { Tx } from '../storage/db';
import { enforce, freshView, loadByDialog, recordSystemLine, whoIs } from './conversation';
import { checkTransferToDepartment } from './dialog.rules';
import { findDepartmentByCode, removeMembers, updateDialog } from './dialogs.repo';
import type { DialogView } from './transfer-to-operators';

/** Puts the dialog back in Waiting for a department's operators; everyone in it leaves. */
export async function transferToDepartment(
  tx: Tx,
  input: { actor: Actor; dialogId: number; departmentCode: string; now: number },
): Promise<Outcome<DialogView>> {
  const { actor, now } = input;
  const c = await loadByDialog(tx, actor.businessId, input.dialogId);
  enforce(checkTransferToDepartment(c.snapshot, await whoIs(tx, actor)));
  const dept = await findDepartmentByCode(tx, actor.businessId, input.departmentCode);
  if (!dept) throw badInput('departmentCode', `no department with code "${input.departmentCode}"`);
  await updateDialog(tx, c.dialog.id, { state: 'waiting', department_id: dept.id, assignee_id: null, assigned_at: null });
  await removeMembers(tx, c.dialog.id, now);
  const lead = await updateLead(tx, c.lead.id, { state: 'waiting', last_activity_at: now });
  const view = await freshView(tx, lead.id, c.dialog.id);
  const line = await recordSystemLine(tx, lead, c.dialog.id, { kind: 'transferred_to_department', departmentCode: dept.code }, now);
  return {
    result: { row: view.row, dialog: view.dialog },
    events: [event('dialog.changed', { row: view.row, dialog: view.dialog, change: 'transferred_to_department', byUserId: actorUserId(actor) }), line],
  };
}
