import { BotList, BotResponse, CreateBotBody, UpdateBotBody } from '../../contracts/bots';
import { IdParam } from '../../contracts/common';
import type { AppContext } from '../context';
import type { App } from '../http/app';
import { requireActor } from '../http/auth';
import { presentBot } from './bots.presenter';
import { createBot } from './create-bot';
import { listBots } from './list-bots';
import { updateBot } from './update-bot';

const tags = ['bots'];

/** Bots of the business (admins and bot editors). */
export function botsRoutes(app: App, ctx: AppContext): void {
  app.get('/api/v1/bots', { schema: { tags, summary: 'Every bot of the business', response: { 200: BotList } } }, async (req) => {
    const bots = await listBots(ctx.db, { actor: requireActor(req) });
    return { bots: bots.map(presentBot) };
  });

  app.post('/api/v1/bots', { schema: { tags, summary: 'Create a bot', body: CreateBotBody, response: { 201: BotResponse } } }, async (req, reply) => {
    const bot = await createBot(ctx, { actor: requireActor(req), name: req.body.name });
    return reply.status(201).send({ bot: presentBot(bot) });
  });

  app.patch('/api/v1/bots/:id', { schema: { tags, summary: 'Rename a bot', params: IdParam, body: UpdateBotBody, response: { 200: BotResponse } } }, async (req) => {
    const bot = await updateBot(ctx.db, { actor: requireActor(req), botId: req.params.id, name: req.body.name });
    return { bot: presentBot(bot) };
  });
}
