import type { Actor } from '../shared/actor';
import type { AppContext } from '../context';
import { commit, type Outcome } from './commit';
import type { Tx } from '../storage/db';

/** Runs a use case for an actor in one transaction; its events are published after commit. */
export async function run<T>(ctx: AppContext, actor: Actor, work: (tx: Tx, now: number) => Promise<Outcome<T>>): Promise<T> {
  const { result } = await commit(ctx, actor.businessId, (tx) => work(tx, ctx.clock()));
  return result;
}
