import { createOutboxWorker } from './channels/outbox-worker';
import { createBotWorker } from './bots/bot-worker';
import { createScriptEngine } from './bots/interpreter/js-engine';
import type { AppContext } from './context';
import { pruneEvents } from './realtime/event-log.repo';
import { pruneExpiredSessions } from './accounts/sessions.repo';
import { pruneLoginAttempts } from './accounts/login-attempts.repo';

export interface Background {
  stop(): Promise<void>;
}

/** Work of a running server besides requests: bot jobs, outbox delivery, hourly pruning. */
export function startBackground(ctx: AppContext): Background {
  const retentionMs = ctx.config.EVENT_RETENTION_DAYS * 86_400_000;
  // Hourly housekeeping: old events, expired sessions, stale login-failure counters.
  const prune = setInterval(() => {
    const now = ctx.clock();
    Promise.all([pruneEvents(ctx.db, now - retentionMs), pruneExpiredSessions(ctx.db, now), pruneLoginAttempts(ctx.db, now - 86_400_000)])
      .catch((err: unknown) => ctx.log.error({ err }, 'pruning failed'));
  }, 3_600_000);
  prune.unref();
  const outbox = createOutboxWorker(ctx);
  outbox.start();
  const bots = createBotWorker({ ...ctx, js: createScriptEngine(ctx) });
  bots.start();
  return {
    async stop() {
      clearInterval(prune);
      await outbox.stop(); // lets requests in flight finish and be recorded before storage closes
      await bots.stop();
    },
  };
}
