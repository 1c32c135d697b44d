import { Ok } from '../../contracts/common';
import { RoutingLogList, RoutingLogsQuery, RoutingScriptBody, RoutingScriptView } from '../../contracts/routing';
import type { AppContext } from '../context';
import type { App } from '../http/app-type';
import { requireActor } from '../http/auth';
import { SimulationBody, SimulationResult } from '../../contracts/simulation';
import type { RoutingScriptRow } from './routing-script.repo';
import { runSimulation } from './simulation';
import { getRoutingScript, putRoutingScript, readRoutingLog, removeRoutingScript } from './routing-script.use-cases';

const tags = ['routing'];
const present = (s: RoutingScriptRow | undefined) => ({ script: s ? { code: s.code, updatedAt: s.updated_at, updatedBy: s.updated_by } : null });

/** The business's routing script and its log (administrators and script editors). */
export function routingRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/api/v1/routing/script',
    { schema: { tags, summary: "The business's routing script (null: the built-in rule)", response: { 200: RoutingScriptView } } },
    async (req) => present(await getRoutingScript(ctx, requireActor(req))),
  );

  app.put(
    '/api/v1/routing/script',
    {
      schema: {
        tags,
        summary: 'Set the routing script (it must parse); the queue is drained with it at once',
        body: RoutingScriptBody,
        response: { 200: RoutingScriptView },
      },
    },
    async (req) => present(await putRoutingScript(ctx, requireActor(req), req.body.code)),
  );

  app.delete('/api/v1/routing/script', { schema: { tags, summary: 'Back to the built-in rule', response: { 200: Ok } } }, async (req) => {
    await removeRoutingScript(ctx, requireActor(req));
    return { ok: true as const };
  });

  app.get(
    '/api/v1/routing/logs',
    {
      schema: {
        tags,
        summary: 'What the routing script printed and why decisions fell back to the rule, newest first',
        querystring: RoutingLogsQuery,
        response: { 200: RoutingLogList },
      },
    },
    async (req) => {
      const page = await readRoutingLog(ctx, requireActor(req), req.query);
      return {
        logs: page.rows.map((r) => ({ id: r.id, dialogId: r.dialog_id, level: r.level, message: r.message, createdAt: r.created_at })),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.post(
    '/api/v1/routing/simulations',
    {
      schema: {
        tags,
        summary: 'Simulate distribution over generated traffic or a period of the business’s history (nothing live changes)',
        body: SimulationBody,
        response: { 200: SimulationResult },
      },
    },
    async (req) => runSimulation(ctx, requireActor(req), req.body),
  );
}
