import { Ok } from '../../contracts/common';
import { BotIdParam, ScriptParams, TriggerBody, TriggerList, TriggerResponse } from '../../contracts/scripts';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { requireActor } from '../http/auth';
import { deleteTrigger } from './delete-trigger';
import { getTrigger } from './get-trigger';
import { listTriggers } from './list-triggers';
import { saveTrigger } from './save-trigger';
import { presentTrigger } from './scripts.presenter';

const tags = ['triggers'];
const base = '/api/v1/bots/:botId/triggers';

/** A bot's triggers: lead events (or JS, commands, the API, a schedule) that run a script. */
export function triggersRoutes(app: App, ctx: AppContext): void {
  app.get(base, { schema: { tags, summary: 'Every trigger of the bot', params: BotIdParam, response: { 200: TriggerList } } }, async (req) => ({
    triggers: (await listTriggers(ctx.db, { actor: requireActor(req), botId: req.params.botId })).map(presentTrigger),
  }));

  app.get(`${base}/:code`, { schema: { tags, summary: 'A trigger', params: ScriptParams, response: { 200: TriggerResponse } } }, async (req) => ({
    trigger: presentTrigger(await getTrigger(ctx.db, { actor: requireActor(req), ...req.params })),
  }));

  app.put(
    `${base}/:code`,
    {
      schema: {
        tags,
        summary: 'Create or replace a trigger; its script must exist',
        params: ScriptParams,
        body: TriggerBody,
        response: { 200: TriggerResponse },
      },
    },
    async (req) => ({ trigger: presentTrigger(await saveTrigger(ctx, { actor: requireActor(req), ...req.params, body: req.body })) }),
  );

  app.delete(
    `${base}/:code`,
    { schema: { tags, summary: 'Delete a trigger no script runs (409 names the scripts that do)', params: ScriptParams, response: { 200: Ok } } },
    async (req) => {
      await deleteTrigger(ctx.db, { actor: requireActor(req), ...req.params, now: ctx.clock() });
      return { ok: true as const };
    },
  );
}
