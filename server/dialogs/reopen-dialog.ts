import { AppError } from '../errors';
import type { PendingEvent } from '../realtime/index';
import type { Tx } from '../storage/db';
import type { Lead } from '../storage/schema';
import { applyTransition } from './apply-transition';
import { loadConversation, loadOperator } from './conversation';
import { decide, type Who } from './dialog.machine';

const SERVER: Who = { userId: null, name: null, isAdmin: false, isOperator: false, isSystem: true, departmentIds: [] };

/**
 * With the business setting "reopen to the last operator" on, a closed conversation whose lead
 * writes again goes straight back to the operator who had it (if they still work here, as an
 * operator) instead of to the bot. Returns the reopened lead and its events, or null when the
 * machine says it cannot be reopened.
 */
export async function reopenToLastOperator(tx: Tx, lead: Lead, now: number): Promise<{ lead: Lead; events: PendingEvent[] } | null> {
  if (lead.state !== 'closed' || !lead.current_dialog_id) return null;
  const c = await loadConversation(tx, lead.business_id, lead.id);
  const lastId = c.dialog?.assignee_id;
  if (!lastId) return null;
  const operator = await loadOperator(tx, lead.business_id, lastId);
  if (!operator) return null;
  const t = decide(c.snapshot, SERVER, { type: 'reopen', operator });
  if (t instanceof AppError) return null;
  const done = await applyTransition(tx, c, t, { byUserId: null, now });
  return { lead: done.lead, events: done.events };
}
