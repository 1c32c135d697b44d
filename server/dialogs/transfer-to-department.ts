import type { Actor } from '../shared/actor';
import type { Outcome } from '../realtime/index';
import type { Tx } from '../storage/db';
import { act, type DialogView } from './apply-transition';
import { loadByDialog, loadDepartment, whoIs } from './conversation';

/** Puts the dialog back in Waiting for a department's operators; everyone in it leaves. */
export async function transferToDepartment(
  tx: Tx,
  input: { actor: Actor; dialogId: number; departmentCode: string; now: number },
): Promise<Outcome<DialogView>> {
  const { actor, departmentCode } = input;
  const c = await loadByDialog(tx, actor.businessId, input.dialogId);
  const department = await loadDepartment(tx, actor.businessId, departmentCode);
  const done = await act(tx, c, await whoIs(tx, actor), { type: 'transfer_to_department', departmentCode, department }, input.now);
  return { result: done.view, events: done.events };
}
