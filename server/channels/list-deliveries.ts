import type { UndeliveredStatus } from '../../contracts/channels';
import type { Actor } from '../shared/actor';
import { forbidden, notFound } from '../errors';
import { cursorCodec } from '../shared/cursor';
import type { Executor } from '../storage/db';
import { canManageChannels } from './channels.policy';
import { findChannel } from './channels.repo';
import { listChannelDeliveries, type OutboxRow } from './outbox.repo';

/** Oldest first: a cursor is the last delivery shown so far. */
const cursor = cursorCodec('deliveries', ['id']);

/** A page of a channel's undelivered outgoing messages (pending, dead or both), so an admin sees what is stuck. */
export async function listDeliveries(
  db: Executor,
  input: { actor: Actor; channelId: number; status?: UndeliveredStatus | undefined; cursor?: string | undefined; limit: number },
): Promise<{ rows: OutboxRow[]; nextCursor: string | null }> {
  const { actor } = input;
  if (!canManageChannels(actor)) throw forbidden('Only admins and bot editors manage channels');
  if (!(await findChannel(db, actor.businessId, input.channelId))) throw notFound('Channel');
  const page = await listChannelDeliveries(db, input.channelId, { status: input.status, after: cursor.read(input.cursor)?.id, limit: input.limit });
  return { rows: page.rows, nextCursor: cursor.next(page.rows.at(-1), page.hasMore) };
}
