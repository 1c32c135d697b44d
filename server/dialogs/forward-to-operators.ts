import type { Actor } from '../shared/actor';
import type { Outcome } from '../realtime/index';
import type { Tx } from '../storage/db';
import { act, type DialogView } from './apply-transition';
import { loadConversation, loadDepartment, whoIs } from './conversation';

/** The bot (or an administrator) hands the lead to the contact center: a new dialog waits, optionally for a department. */
export async function forwardToOperators(
  tx: Tx,
  input: { actor: Actor; leadId: number; departmentCode?: string | undefined; now: number },
): Promise<Outcome<DialogView>> {
  const { actor } = input;
  const c = await loadConversation(tx, actor.businessId, input.leadId);
  const departmentCode = input.departmentCode ?? null;
  const department = departmentCode === null ? null : await loadDepartment(tx, actor.businessId, departmentCode);
  const done = await act(tx, c, await whoIs(tx, actor), { type: 'forward_to_operators', departmentCode, department }, input.now);
  return { result: done.view, events: done.events };
}
