import type { Outcome } from '../realtime/index';
import type { Tx } from '../storage/db';
import { act, type DialogView } from './apply-transition';
import { loadByDialog, loadOperator } from './conversation';
import type { Who } from './dialog.machine';

const SERVER: Who = { userId: null, name: null, isAdmin: false, isOperator: false, isSystem: true, departmentIds: [] };

/**
 * The server takes an active dialog back from its operator (they went Offline and the business says
 * their dialogs go back to Waiting, or they did not answer in the business's time): it waits again in its department. Null when the dialog is no
 * longer that operator's or the operator is gone (nothing to do).
 */
export async function releaseDialog(
  tx: Tx,
  input: { businessId: number; dialogId: number; operatorId: number; reason: 'offline' | 'no_answer'; now: number },
): Promise<Outcome<DialogView | null>> {
  const c = await loadByDialog(tx, input.businessId, input.dialogId);
  const operator = await loadOperator(tx, input.businessId, input.operatorId);
  if (!operator || c.dialog?.state !== 'active' || c.dialog.assignee_id !== input.operatorId) return { result: null, events: [] };
  const done = await act(tx, c, SERVER, { type: 'release', operator, reason: input.reason }, input.now);
  return { result: done.view, events: done.events };
}
