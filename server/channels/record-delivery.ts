import { findMessage, setDelivery, presentStored, markLeadUnreachable } from '../leads/index';
import { type Outcome, event, type PendingEvent } from '../realtime/index';
import type { Tx } from '../storage/db';
import { afterFailure, messageDeliveryAfter } from './delivery.rules';
import type { OutboundResult } from './outbound';
import { markAttemptFailed, markDelivered, type DueDelivery } from './outbox.repo';

export type Settled = 'done' | 'retry' | 'dead' | 'lost';

/**
 * Records one attempt's result on the outbox row and, when it changes, on the message (sent, or
 * failed after the first failure) with a message.updated event. Writes nothing when the caller's
 * claim (`lease`) was lost meanwhile: whoever holds the row now records its own attempt.
 */
export async function recordDeliveryOutcome(
  tx: Tx,
  input: { row: DueDelivery; lease: number; result: OutboundResult; now: number; random: number },
): Promise<Outcome<Settled>> {
  const { row, lease, result, now } = input;
  if (result.ok) {
    if (!(await markDelivered(tx, row.id, lease, now))) return { result: 'lost', events: [] };
    return { result: 'done', events: await messageDeliveryChanged(tx, row, true) };
  }
  // The 3-day window runs from the first failure, so a row that waited behind its lead's earlier
  // message, or was re-armed, gets its full window. A lead the messenger says cannot be reached
  // (it blocked the bot) is given up at once, and the lead shows why.
  const firstFailedAt = row.first_failed_at ?? now;
  const next = result.unreachable
    ? { status: 'dead' as const, nextAttemptAt: now }
    : afterFailure({ failedAttempts: row.attempts + 1, armedAt: firstFailedAt, now, random: input.random, retryAfterMs: result.retryAfterMs });
  if (!(await markAttemptFailed(tx, row.id, lease, { ...next, error: result.error, firstFailedAt }))) return { result: 'lost', events: [] };
  const events = await messageDeliveryChanged(tx, row, false);
  if (result.unreachable) events.push(...(await markLeadUnreachable(tx, { leadId: row.lead_id, reason: result.unreachable, now })));
  return { result: next.status === 'dead' ? 'dead' : 'retry', events };
}

async function messageDeliveryChanged(tx: Tx, row: DueDelivery, ok: boolean): Promise<PendingEvent[]> {
  if (row.message_id === null) return [];
  const message = await findMessage(tx, row.business_id, row.message_id);
  if (!message) return []; // the lead was deleted meanwhile
  const next = messageDeliveryAfter(message.delivery, ok);
  if (!next) return [];
  const [dto] = await presentStored(tx, [await setDelivery(tx, message.id, next)]);
  return [event('message.updated', { message: dto! })];
}
