import type { Actor } from '../shared/actor';
import type { Outcome } from '../realtime/index';
import type { Tx } from '../storage/db';
import { act, type DialogView } from './apply-transition';
import { loadConversation, loadDepartment, whoIs } from './conversation';
import { checkHours, sendOutOfHoursReply } from './out-of-hours';

/**
 * The bot (or an administrator) hands the lead to the contact center: a new dialog waits, optionally
 * for a department. Outside the department's (else the business's) working hours the lead also gets
 * the out-of-hours reply, and the dialog waits until they open.
 */
export async function forwardToOperators(
  tx: Tx,
  input: { actor: Actor; leadId: number; departmentCode?: string | undefined; now: number },
): Promise<Outcome<DialogView>> {
  const { actor } = input;
  const c = await loadConversation(tx, actor.businessId, input.leadId);
  const departmentCode = input.departmentCode ?? null;
  const department = departmentCode === null ? null : await loadDepartment(tx, actor.businessId, departmentCode);
  const done = await act(tx, c, await whoIs(tx, actor), { type: 'forward_to_operators', departmentCode, department }, input.now);
  const hours = await checkHours(tx, actor.businessId, department?.id ?? null, input.now);
  if (!hours.closed) return { result: done.view, events: done.events };
  const replied = await sendOutOfHoursReply(tx, { leadId: c.lead.id, check: hours, now: input.now });
  return { result: done.view, events: [...done.events, ...replied] };
}

/**
 * The bot's own transfer (a script's transfer command, `lead.assignDialogTo…`): as forwardToOperators,
 * except that outside working hours with the business's `outOfHours: 'bot'` no dialog is created —
 * the lead gets the out-of-hours reply and stays with the bot (result null).
 */
export async function forwardFromBot(
  tx: Tx,
  input: { actor: Actor; leadId: number; departmentCode?: string | undefined; now: number },
): Promise<Outcome<DialogView | null>> {
  const department = input.departmentCode ? await loadDepartment(tx, input.actor.businessId, input.departmentCode) : null;
  const hours = await checkHours(tx, input.actor.businessId, department?.id ?? null, input.now);
  if (hours.closed && hours.settings.outOfHours === 'bot') {
    // Locked like any transfer, so two runs for one lead do not both reply; a lead already with operators is the machine's to refuse.
    const c = await loadConversation(tx, input.actor.businessId, input.leadId);
    if (c.lead.state === 'bot' || c.lead.state === 'closed')
      return { result: null, events: await sendOutOfHoursReply(tx, { leadId: input.leadId, check: hours, now: input.now }) };
  }
  return forwardToOperators(tx, input);
}

/** Whether dialogs of the department (null: none) are within working hours now (none set: always). */
export async function withinHours(tx: Tx, businessId: number, departmentId: number | null, now: number): Promise<boolean> {
  return !(await checkHours(tx, businessId, departmentId, now)).closed;
}
