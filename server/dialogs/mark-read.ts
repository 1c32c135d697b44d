import type { Actor } from '../shared/actor';
import { forbidden, notFound } from '../errors';
import { canWorkDialogs } from './dialogs.policy';
import { findLead, updateLead } from '../leads/index';
import { event, type Outcome } from '../realtime/index';
import type { Tx } from '../storage/db';

/** An operator has read the lead's messages: the unread badge clears for everyone. */
export async function markRead(tx: Tx, input: { actor: Actor; leadId: number }): Promise<Outcome<{ unreadCount: number }>> {
  if (!canWorkDialogs(input.actor)) throw forbidden('Only operators mark dialogs read');
  const lead = await findLead(tx, input.actor.businessId, input.leadId);
  if (!lead) throw notFound('Lead');
  if (lead.unread_count === 0) return { result: { unreadCount: 0 }, events: [] };
  await updateLead(tx, lead.id, { unread_count: 0 });
  return { result: { unreadCount: 0 }, events: [event('unread.changed', { leadId: lead.id, unreadCount: 0 })] };
}
