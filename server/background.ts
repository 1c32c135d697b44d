import type { AppContext } from './context';
import { pruneEvents } from './realtime/event-log.repo';

export interface Background {
  stop(): Promise<void>;
}

/** Periodic work of a running server: event-log retention (outbox delivery joins here). */
export function startBackground(ctx: AppContext): Background {
  const retentionMs = ctx.config.EVENT_RETENTION_DAYS * 86_400_000;
  const prune = setInterval(() => {
    pruneEvents(ctx.db, ctx.clock() - retentionMs).catch((err: unknown) => ctx.log.error({ err }, 'event pruning failed'));
  }, 3_600_000);
  prune.unref();
  return {
    async stop() {
      clearInterval(prune);
    },
  };
}
