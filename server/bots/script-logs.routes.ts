import { BotIdParam, ScriptLogList, ScriptLogsQuery } from '../../contracts/scripts';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { requireActor } from '../http/auth';
import { listScriptLogs } from './list-script-logs';
import { presentScriptLog } from './scripts.presenter';

/** What a bot's user code logged, for its authors. */
export function scriptLogsRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/api/v1/bots/:botId/logs',
    {
      schema: {
        tags: ['scripts'],
        summary: "Log lines of the bot's scripts, newest first",
        params: BotIdParam,
        querystring: ScriptLogsQuery,
        response: { 200: ScriptLogList },
      },
    },
    async (req) => {
      const page = await listScriptLogs(ctx.db, { actor: requireActor(req), botId: req.params.botId, ...req.query });
      return { logs: page.rows.map(presentScriptLog), nextCursor: page.nextCursor };
    },
  );
}
