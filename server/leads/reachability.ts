import { event, type PendingEvent } from '../realtime/index';
import type { Executor } from '../storage/db';
import { rowFor } from './inbox-row.repo';
import { findLeadById, updateLead } from './leads.repo';

/**
 * The messenger says the lead cannot get messages (it blocked the Telegram bot): the lead card shows
 * why, and what is sent meanwhile is given up at once instead of retried for days.
 */
export async function markLeadUnreachable(tx: Executor, o: { leadId: number; reason: string; now: number }): Promise<PendingEvent[]> {
  const lead = await findLeadById(tx, o.leadId);
  if (!lead || lead.unreachable_at !== null) return [];
  const updated = await updateLead(tx, lead.id, { unreachable_at: o.now, unreachable_reason: o.reason.slice(0, 500) });
  return [event('lead.updated', { row: await rowFor(tx, updated) })];
}

/** The lead can be reached again (it unblocked the bot, or wrote): nothing changes when it already could. */
export async function markLeadReachable(tx: Executor, leadId: number): Promise<PendingEvent[]> {
  const lead = await findLeadById(tx, leadId);
  if (!lead || lead.unreachable_at === null) return [];
  const updated = await updateLead(tx, lead.id, { unreachable_at: null, unreachable_reason: null });
  return [event('lead.updated', { row: await rowFor(tx, updated) })];
}
