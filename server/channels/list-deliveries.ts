import type { UndeliveredStatus } from '../../contracts/channels';
import type { Actor } from '../shared/actor';
import { forbidden, notFound } from '../errors';
import type { Executor } from '../storage/db';
import { canManageChannels } from './channels.policy';
import { findChannel } from './channels.repo';
import { listChannelDeliveries, type OutboxRow } from './outbox.repo';

/** A channel's undelivered outgoing messages (pending, dead or both), so an admin sees what is stuck. */
export async function listDeliveries(
  db: Executor,
  input: { actor: Actor; channelId: number; status?: UndeliveredStatus | undefined; after?: number | undefined; limit: number },
): Promise<{ rows: OutboxRow[]; hasMore: boolean }> {
  const { actor } = input;
  if (!canManageChannels(actor)) throw forbidden('Only admins and bot editors manage channels');
  if (!(await findChannel(db, actor.businessId, input.channelId))) throw notFound('Channel');
  return listChannelDeliveries(db, input.channelId, { status: input.status, after: input.after, limit: input.limit });
}
