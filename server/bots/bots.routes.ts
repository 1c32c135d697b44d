import { BotList, BotResponse, CreateBotBody, UpdateBotBody } from '../../contracts/bots';
import { IdParam } from '../../contracts/common';
import { BotExport, ImportBotQuery, SCRIPT_LIMITS } from '../../contracts/scripts';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { requireActor } from '../http/auth';
import { presentBot } from './bots.presenter';
import { createBot } from './create-bot';
import { exportBot } from './export-bot';
import { importBot } from './import-bot';
import { listBots } from './list-bots';
import { presentBotExport } from './scripts.presenter';
import { updateBot } from './update-bot';

const tags = ['bots'];

/** Bots of the business (admins and bot editors), their settings, export and import. */
export function botsRoutes(app: App, ctx: AppContext): void {
  app.get('/api/v1/bots', { schema: { tags, summary: 'Every bot of the business', response: { 200: BotList } } }, async (req) => {
    const bots = await listBots(ctx.db, { actor: requireActor(req) });
    return { bots: bots.map(presentBot) };
  });

  app.post(
    '/api/v1/bots',
    { schema: { tags, summary: 'Create a bot, with a start script and the transfer-to-operator script', body: CreateBotBody, response: { 201: BotResponse } } },
    async (req, reply) => {
      const bot = await createBot(ctx, { actor: requireActor(req), name: req.body.name });
      return reply.status(201).send({ bot: presentBot(bot) });
    },
  );

  app.patch(
    '/api/v1/bots/:id',
    {
      schema: {
        tags,
        summary: 'Rename a bot or set its start, return and transfer scripts',
        params: IdParam,
        body: UpdateBotBody,
        response: { 200: BotResponse },
      },
    },
    async (req) => {
      const bot = await updateBot(ctx.db, { actor: requireActor(req), botId: req.params.id, changes: req.body });
      return { bot: presentBot(bot) };
    },
  );

  app.get(
    '/api/v1/bots/:id/export',
    { schema: { tags, summary: 'The bot as a portable JSON document (settings, scripts, triggers)', params: IdParam, response: { 200: BotExport } } },
    async (req) => presentBotExport(await exportBot(ctx.db, { actor: requireActor(req), botId: req.params.id })),
  );

  app.post(
    '/api/v1/bots/import',
    {
      bodyLimit: SCRIPT_LIMITS.importBytes,
      schema: {
        tags,
        summary: 'Create a new bot from an export document (all or nothing)',
        querystring: ImportBotQuery,
        body: BotExport,
        response: { 201: BotResponse },
      },
    },
    async (req, reply) => {
      const bot = await importBot({ ...ctx, syntax: ctx.sandbox }, { actor: requireActor(req), doc: req.body, name: req.query.name });
      return reply.status(201).send({ bot: presentBot(bot) });
    },
  );
}
