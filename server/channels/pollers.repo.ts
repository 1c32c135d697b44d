import type { Executor } from '../storage/db';
import type { Channel } from '../storage/schema';

/** Telegram channels (all, or one), for the poller to see which poll; the config says how each gets updates. */
export function listPollingChannels(db: Executor, channelId?: number): Promise<Channel[]> {
  let q = db.selectFrom('channels').selectAll().where('kind', '=', 'telegram');
  if (channelId !== undefined) q = q.where('id', '=', channelId);
  return q.orderBy('id').execute();
}

/**
 * Claims (or renews) a channel's poller for `holder` until now + leaseMs: true when this holder has
 * it now. A compare-and-set: only a free lease (expired) or the holder's own is taken, so two
 * processes never poll one bot at once (Telegram would answer one of them 409).
 */
export async function claimPoller(db: Executor, o: { channelId: number; holder: string; now: number; leaseMs: number }): Promise<boolean> {
  await db
    .insertInto('channel_pollers')
    .values({ channel_id: o.channelId, holder: null, locked_until: 0, update_offset: 0 })
    .onConflict((oc) => oc.column('channel_id').doNothing())
    .execute();
  const r = await db
    .updateTable('channel_pollers')
    .set({ holder: o.holder, locked_until: o.now + o.leaseMs })
    .where('channel_id', '=', o.channelId)
    .where((eb) => eb.or([eb('locked_until', '<', o.now), eb('holder', '=', o.holder)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Gives a channel's poller up (the process stops, or the channel no longer polls): another process may take it at once. */
export async function releasePoller(db: Executor, o: { channelId: number; holder: string }): Promise<void> {
  await db.updateTable('channel_pollers').set({ holder: null, locked_until: 0 }).where('channel_id', '=', o.channelId).where('holder', '=', o.holder).execute();
}

/** The next update id to ask for. */
export async function readOffset(db: Executor, channelId: number): Promise<number> {
  const r = await db.selectFrom('channel_pollers').select('update_offset').where('channel_id', '=', channelId).executeTakeFirst();
  return Number(r?.update_offset ?? 0);
}

/** Moves the offset past a stored update; false (nothing moved) when `holder` no longer holds the channel. */
export async function saveOffset(db: Executor, o: { channelId: number; holder: string; offset: number }): Promise<boolean> {
  const r = await db
    .updateTable('channel_pollers')
    .set({ update_offset: o.offset })
    .where('channel_id', '=', o.channelId)
    .where('holder', '=', o.holder)
    .where('update_offset', '<', o.offset)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
