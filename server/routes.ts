import type { AppContext } from './context';
import type { App } from './app';
import { createMetrics } from './http/metrics';
import { registerJobMetrics } from './jobs/metrics';
import { registerSqliteMetrics } from './storage/sqlite/metrics';
import { registerSandboxMetrics } from './scripting/index';
import { realtimeRoutes } from './realtime/realtime.routes';
import { systemRoutes } from './http/system.routes';
import { webAppRoutes } from './http/web-app.routes';
import { accountsRoutes } from './accounts/accounts.routes';
import { businessRoutes } from './accounts/business.routes';
import { workingHoursRoutes } from './accounts/working-hours.routes';
import { conversationRoutes, dialogsRoutes, receiveLeadMessage } from './dialogs/index';
import { leadsRoutes } from './leads/leads.routes';
import { findLead } from './leads/index';
import { apiInboundRoutes } from './channels/api/inbound';
import { telegramWebhookRoutes } from './channels/telegram/inbound';
import { telegramClients } from './channels/telegram/api';
import { widgetRoutes } from './channels/widget/inbound';
import { createVisitorHub } from './channels/widget/outbound';
import { createVisitorTokens } from './channels/widget/visitor-token';
import { installationSecret } from './storage/installation-secrets.repo';
import { demoWidgetRoutes } from './demo/demo-widget.routes';
import { botsRoutes } from './bots/bots.routes';
import { botJobsRoutes } from './bots/bot-jobs.routes';
import { queueLeadTriggers } from './bots/index';
import { scriptLogsRoutes } from './bots/script-logs.routes';
import { scriptsRoutes } from './bots/scripts.routes';
import { triggersRoutes } from './bots/triggers.routes';
import { channelsRoutes } from './channels/channels.routes';
import { attachmentsRoutes } from './attachments/attachments.routes';
import { quickRepliesRoutes } from './quick-replies/quick-replies.routes';
import { createPresence, routingRoutes } from './routing/index';
import { auditRoutes } from './audit/index';
import { reportsRoutes } from './reports/index';
import { monitorRoutes } from './monitor/index';
import { smtpRoutes } from './mail/index';
import { transcriptsRoutes } from './transcripts/index';
import { botConsoleRoutes } from './bot-console/index';

/** Every module's routes, registered in one place. */
export async function registerRoutes(app: App, ctx: AppContext): Promise<void> {
  const metrics = createMetrics(app);
  registerJobMetrics(metrics);
  registerSqliteMetrics(metrics);
  registerSandboxMetrics(metrics, ctx.sandbox);
  systemRoutes(app, ctx, metrics);
  await webAppRoutes(app);
  accountsRoutes(app, ctx);
  businessRoutes(app, ctx);
  workingHoursRoutes(app, ctx);
  // Operators' open workspaces, for distribution that waits for one (routing).
  // Operators' activity in dialogs ("Irina is viewing") names leads, which must be the business's own.
  realtimeRoutes(app, ctx, metrics, undefined, createPresence(ctx), async (businessId, leadId) => (await findLead(ctx.db, businessId, leadId)) !== undefined);
  dialogsRoutes(app, ctx);
  // A lead's data changed by a person or a token fires the bot's triggers, queued in the same transaction.
  await leadsRoutes(app, ctx, queueLeadTriggers);
  conversationRoutes(app, ctx);
  apiInboundRoutes(app, ctx, receiveLeadMessage);
  telegramWebhookRoutes(app, { ctx, receiveLeadMessage, clients: telegramClients({ apiRoot: ctx.config.TELEGRAM_API_ROOT }) });
  // Widget visitors: tokens signed with this installation's own secret; messages reach them by socket.
  const hub = createVisitorHub(ctx);
  app.addHook('onClose', async () => hub.close());
  const tokens = createVisitorTokens(await installationSecret(ctx.db, 'widget_visitors', Date.now()));
  await widgetRoutes(app, { ctx, tokens, receiveLeadMessage, hub });
  demoWidgetRoutes(app, ctx);
  botsRoutes(app, ctx);
  scriptsRoutes(app, ctx);
  triggersRoutes(app, ctx);
  botJobsRoutes(app, ctx);
  scriptLogsRoutes(app, ctx);
  botConsoleRoutes(app, ctx);
  channelsRoutes(app, ctx);
  attachmentsRoutes(app, ctx);
  quickRepliesRoutes(app, ctx);
  routingRoutes(app, ctx);
  auditRoutes(app, ctx);
  reportsRoutes(app, ctx);
  monitorRoutes(app, ctx);
  smtpRoutes(app, ctx);
  transcriptsRoutes(app, ctx);
}
