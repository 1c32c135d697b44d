import { createOutboxWorker } from './channels/outbox-worker';
import { createBotWorker } from './bot-runtime/bot-worker';
import { createScriptEngine } from './bot-runtime/js-engine';
import type { AppContext } from './context';
import { pruneEvents } from './realtime/event-log.repo';
import { pruneExpiredSessions } from './accounts/sessions.repo';
import { pruneLoginAttempts } from './accounts/login-attempts.repo';
import { pruneScriptLogs } from './bots/script-logs.repo';
import { pruneDeliveredOutbox } from './channels/outbox.repo';
import { pruneRoutingLogs } from './routing/routing-script.repo';
import { createTelegramPoller } from './channels/telegram/poller';
import { receiveTelegramUpdate } from './channels/telegram/inbound';
import { telegramClients } from './channels/telegram/api';
import { createBreachWatcher, receiveLeadMessage } from './dialogs/index';
import { createQueueDrainer } from './routing/index';

const DAY = 86_400_000;

export interface Background {
  stop(): Promise<void>;
}

/** Work of a running server besides requests: bot jobs, outbox delivery, Telegram long polling, the waiting queue's drain, missed service targets, hourly pruning. */
export function startBackground(ctx: AppContext): Background {
  // Hourly housekeeping: old events, expired sessions, stale login-failure counters, script logs
  // older than 30 days, delivered outbox rows older than a week.
  const prune = setInterval(() => {
    pruneOnce(ctx, ctx.clock()).catch((err: unknown) => ctx.log.error({ err }, 'pruning failed'));
  }, 3_600_000);
  prune.unref();
  const outbox = createOutboxWorker(ctx);
  outbox.start();
  const bots = createBotWorker({ ...ctx, js: createScriptEngine(ctx) });
  bots.start();
  const clients = telegramClients({ apiRoot: ctx.config.TELEGRAM_API_ROOT });
  const inbound = { ctx, receiveLeadMessage, clients };
  const telegram = createTelegramPoller({ ctx, clients, receive: (channel, update) => receiveTelegramUpdate(inbound, channel, update) });
  telegram.start();
  // Automatic distribution as a setting: the waiting queue drains whenever an operator gets room.
  const drainer = createQueueDrainer(ctx);
  // Service targets turn "breached" when missed.
  const breaches = createBreachWatcher(ctx);
  return {
    async stop() {
      clearInterval(prune);
      await breaches.stop();
      await drainer.stop();
      await telegram.stop();
      await outbox.stop(); // lets requests in flight finish and be recorded before storage closes
      await bots.stop();
    },
  };
}

/** One housekeeping pass; returns how many rows each kind lost. */
export async function pruneOnce(ctx: Pick<AppContext, 'db' | 'config'>, now: number) {
  const [events, sessions, loginAttempts, scriptLogs, outbox, routingLogs] = await Promise.all([
    pruneEvents(ctx.db, now - ctx.config.EVENT_RETENTION_DAYS * DAY),
    pruneExpiredSessions(ctx.db, now),
    pruneLoginAttempts(ctx.db, now - DAY),
    pruneScriptLogs(ctx.db, now - 30 * DAY),
    pruneDeliveredOutbox(ctx.db, now - 7 * DAY),
    pruneRoutingLogs(ctx.db, now - 30 * DAY),
  ]);
  return { events, sessions, loginAttempts, scriptLogs, outbox, routingLogs };
}
