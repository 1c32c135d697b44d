import { z } from 'zod';
import { BotConsole, ConsoleSendBody } from '../../contracts/bot-console';
import { BotIdParam } from '../../contracts/scripts';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { requireActor } from '../http/auth';
import { readConsole, resetConsole, sendConsoleMessage } from './console';

const tags = ['bots'];

/** The bots screen's test console (admins, bot editors and script editors): talk to the bot as a lead. */
export function botConsoleRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/api/v1/bots/:botId/console',
    {
      schema: {
        tags,
        summary: "Your test lead's conversation with the bot, its scenario position, attributes, tags and log lines",
        params: BotIdParam,
        response: { 200: BotConsole },
      },
    },
    async (req) => readConsole(ctx.db, { actor: requireActor(req), botId: req.params.botId }),
  );

  app.post(
    '/api/v1/bots/:botId/console/messages',
    {
      schema: {
        tags,
        summary: 'Write to the bot as your test lead (a button press sends its text); the bot answers asynchronously',
        params: BotIdParam,
        body: ConsoleSendBody,
        response: { 202: z.object({ leadId: z.number().int().positive() }) },
      },
    },
    async (req, reply) => {
      const r = await sendConsoleMessage(ctx, { actor: requireActor(req), botId: req.params.botId, text: req.body.text });
      return reply.status(202).send(r);
    },
  );

  app.delete(
    '/api/v1/bots/:botId/console',
    { schema: { tags, summary: 'Start over: forget your test lead (history, attributes, tags, scenario, log)', params: BotIdParam } },
    async (req, reply) => {
      await resetConsole(ctx, { actor: requireActor(req), botId: req.params.botId });
      return reply.status(204).send();
    },
  );
}
