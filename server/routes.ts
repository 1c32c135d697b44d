import type { AppContext } from './context';
import type { App } from './app';
import { createMetrics } from './http/metrics';
import { registerJobMetrics } from './jobs/metrics';
import { registerSandboxMetrics } from './scripting/index';
import { realtimeRoutes } from './realtime/realtime.routes';
import { systemRoutes } from './http/system.routes';
import { webAppRoutes } from './http/web-app.routes';
import { accountsRoutes } from './accounts/accounts.routes';
import { businessRoutes } from './accounts/business.routes';
import { conversationRoutes, dialogsRoutes, receiveLeadMessage } from './dialogs/index';
import { leadsRoutes } from './leads/leads.routes';
import { apiInboundRoutes } from './channels/api/inbound';
import { telegramWebhookRoutes } from './channels/telegram/inbound';
import { telegramClients } from './channels/telegram/api';
import { botsRoutes } from './bots/bots.routes';
import { botJobsRoutes } from './bots/bot-jobs.routes';
import { queueLeadTriggers } from './bots/index';
import { scriptLogsRoutes } from './bots/script-logs.routes';
import { scriptsRoutes } from './bots/scripts.routes';
import { triggersRoutes } from './bots/triggers.routes';
import { channelsRoutes } from './channels/channels.routes';
import { attachmentsRoutes } from './attachments/attachments.routes';
import { quickRepliesRoutes } from './quick-replies/quick-replies.routes';

/** Every module's routes, registered in one place. */
export async function registerRoutes(app: App, ctx: AppContext): Promise<void> {
  const metrics = createMetrics(app);
  registerJobMetrics(metrics);
  registerSandboxMetrics(metrics, ctx.sandbox);
  systemRoutes(app, ctx, metrics);
  await webAppRoutes(app);
  accountsRoutes(app, ctx);
  businessRoutes(app, ctx);
  realtimeRoutes(app, ctx, metrics);
  dialogsRoutes(app, ctx);
  // A lead's data changed by a person or a token fires the bot's triggers, queued in the same transaction.
  await leadsRoutes(app, ctx, queueLeadTriggers);
  conversationRoutes(app, ctx);
  apiInboundRoutes(app, ctx, receiveLeadMessage);
  telegramWebhookRoutes(app, { ctx, receiveLeadMessage, clients: telegramClients({ apiRoot: ctx.config.TELEGRAM_API_ROOT }) });
  botsRoutes(app, ctx);
  scriptsRoutes(app, ctx);
  triggersRoutes(app, ctx);
  botJobsRoutes(app, ctx);
  scriptLogsRoutes(app, ctx);
  channelsRoutes(app, ctx);
  attachmentsRoutes(app, ctx);
  quickRepliesRoutes(app, ctx);
}
